using System.Collections.Immutable;
using OpdTokens.Allocation;

namespace OpdTokens.Samples.Console.Simulation;

/// <summary>What the scenario did during the day: the requests it sent and how they ended, the patients' moves, and
/// the moments worth reporting. The engine's own figures are read from the engine.</summary>
/// <param name="Doctors">Per doctor, in id order.</param>
/// <param name="RequestsBySource">Allocation requests sent, by source.</param>
/// <param name="Outcomes">Successful allocations, by outcome.</param>
/// <param name="Rejected">Allocation requests that created no token.</param>
/// <param name="Rerouted">Requests whose preferred slot had closed and that were re-sent without one.</param>
/// <param name="TokensCreated">Every token the engine created, in creation order.</param>
/// <param name="CheckIns">Patients checked in.</param>
/// <param name="Consultations">Consultations completed.</param>
/// <param name="CancellationsSent">Cancellations sent.</param>
/// <param name="CancellationsTooLate">Planned cancellations dropped because the patient had already been seen.</param>
/// <param name="NoShowsMarked">Tokens the desk marked as no-shows.</param>
/// <param name="Commands">Commands sent to the engine.</param>
/// <param name="Highlights">The notable moments, in time order.</param>
/// <param name="SampleQueues">Queues read from the engine during the day.</param>
/// <param name="UnexpectedErrors">Commands the engine refused although the scenario expected them to work.</param>
/// <param name="FinishedAt">When the last patient left.</param>
public sealed record ScenarioOutcome(
    ImmutableArray<DoctorActivity> Doctors,
    ImmutableSortedDictionary<TokenSource, int> RequestsBySource,
    ImmutableSortedDictionary<AllocationOutcome, int> Outcomes,
    int Rejected,
    int Rerouted,
    ImmutableArray<TokenId> TokensCreated,
    int CheckIns,
    int Consultations,
    int CancellationsSent,
    int CancellationsTooLate,
    int NoShowsMarked,
    int Commands,
    ImmutableArray<Highlight> Highlights,
    ImmutableArray<QueueSnapshot> SampleQueues,
    ImmutableArray<string> UnexpectedErrors,
    DateTimeOffset FinishedAt
)
{
    /// <summary>Gets how many allocation requests were sent.</summary>
    public int Requests => RequestsBySource.Values.Sum();
}
