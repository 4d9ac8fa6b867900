namespace OpdTokens.Allocation.Policies;

/// <summary>Scores new tokens; the score decides rank in queues, the waitlist and bump choices.</summary>
/// <remarks>
/// <para>A policy scores a token once, when it is created, against the first slot considered for it. The score is
/// stored on the token and never recomputed, so a policy may change between days without reordering queues.</para>
/// <para>Implementations must be pure (same request, same score) and thread-safe: the engine calls them
/// concurrently for different doctor-days.</para>
/// </remarks>
public interface IPriorityPolicy
{
    /// <summary>Gets the policy's name, such as <c>tiered</c>.</summary>
    string Name { get; }

    /// <summary>Scores a request; higher scores rank first.</summary>
    /// <param name="request">What the policy may look at.</param>
    /// <returns>The score.</returns>
    int Score(in PriorityRequest request);
}
