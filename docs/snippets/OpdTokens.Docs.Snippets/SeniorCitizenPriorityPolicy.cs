#region senior-policy
using OpdTokens.Allocation;
using OpdTokens.Allocation.Policies;

namespace OpdTokens.Docs.Snippets;

/// <summary>Patients aged 75 and over first; everyone else as another policy (tiered by default) ranks them;
/// emergencies stay above all.</summary>
public sealed class SeniorCitizenPriorityPolicy(IPriorityPolicy inner, int minimumAge = 75) : IPriorityPolicy
{
    /// <summary>Lifts a senior above every non-emergency tiered score (at most 105) and keeps them below an
    /// emergency (1000).</summary>
    public const int SeniorBonus = 200;

    public SeniorCitizenPriorityPolicy()
        : this(new TieredPriorityPolicy()) { }

    public string Name => "senior-citizens-first";

    // Pure: the age is the patient's age on the day of the token (request.Date), computed from the date of birth
    // the desk gave; no clock is read, so the same request always gets the same score.
    public int Score(in PriorityRequest request)
    {
        var score = inner.Score(request);
        var senior = request.Source != TokenSource.Emergency && request.PatientAge >= minimumAge;
        return senior ? score + SeniorBonus : score;
    }
}
#endregion
