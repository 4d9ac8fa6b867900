#region custom-policy
using OpdTokens.Allocation;
using OpdTokens.Allocation.Policies;

namespace OpdTokens.Docs.Snippets;

/// <summary>Emergencies first; everyone else strictly in the order they asked.</summary>
/// <remarks>Every non-emergency scores the same, so rank falls through to the sequence number: nobody but an
/// emergency ever outranks an earlier request, and so nobody but an emergency ever bumps anyone.</remarks>
public sealed class FirstComeFirstServedPolicy : IPriorityPolicy
{
    public string Name => "first-come-first-served";

    // Pure and thread-safe: the engine calls it concurrently for different doctor-days.
    public int Score(in PriorityRequest request) => request.Source == TokenSource.Emergency ? 1000 : 0;
}
#endregion
