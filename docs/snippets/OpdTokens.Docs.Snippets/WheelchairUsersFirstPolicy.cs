#region wheelchair-policy
using OpdTokens.Allocation;
using OpdTokens.Allocation.Policies;

namespace OpdTokens.Docs.Snippets;

/// <summary>Patients the desk marked with the attribute <c>mobility = wheelchair</c> first, after emergencies;
/// everyone else as another policy ranks them.</summary>
public sealed class WheelchairUsersFirstPolicy(IPriorityPolicy inner) : IPriorityPolicy
{
    /// <summary>The attribute the desk sets; names and values are the host's own.</summary>
    public const string Mobility = "mobility";

    public const string Wheelchair = "wheelchair";

    public const int Bonus = 200;

    public string Name => "wheelchair-users-first";

    public int Score(in PriorityRequest request)
    {
        var score = inner.Score(request);
        var lifted = request.Source != TokenSource.Emergency && request.PatientAttributes.Has(Mobility, Wheelchair);
        return lifted ? score + Bonus : score;
    }
}
#endregion
