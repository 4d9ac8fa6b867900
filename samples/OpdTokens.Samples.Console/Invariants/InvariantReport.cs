using System.Collections.Immutable;

namespace OpdTokens.Samples.Console.Invariants;

/// <summary>The invariant checks of a run.</summary>
/// <param name="Results">Invariants 1 to 6, in order.</param>
/// <param name="CommandsWatched">Commands after which the changed doctor-day was checked during the day.</param>
/// <param name="DoctorDaysCheckedAtEnd">Doctor-days checked in their final state.</param>
public sealed record InvariantReport(
    ImmutableArray<InvariantResult> Results,
    int CommandsWatched,
    int DoctorDaysCheckedAtEnd
)
{
    public bool AllHold => Results.All(r => r.Holds);
}
