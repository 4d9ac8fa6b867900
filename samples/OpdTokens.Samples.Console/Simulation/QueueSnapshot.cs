using System.Collections.Immutable;
using OpdTokens.Allocation;

namespace OpdTokens.Samples.Console.Simulation;

/// <summary>A slot's queue as a display board showed it at one moment.</summary>
/// <param name="At">When the queue was read.</param>
/// <param name="Doctor">The doctor.</param>
/// <param name="Slot">The slot.</param>
/// <param name="SlotStart">The slot's local start.</param>
/// <param name="SlotEnd">The slot's local end.</param>
/// <param name="Waiting">How many tokens were waiting in it.</param>
/// <param name="Entries">The head of the queue, in rank order.</param>
public sealed record QueueSnapshot(
    DateTimeOffset At,
    DoctorId Doctor,
    SlotId Slot,
    TimeOnly SlotStart,
    TimeOnly SlotEnd,
    int Waiting,
    ImmutableArray<QueueSnapshotEntry> Entries
);

/// <summary>One line of a sampled queue.</summary>
/// <param name="Position">The 1-based position.</param>
/// <param name="Number">The token number.</param>
/// <param name="Source">The token's source.</param>
/// <param name="Score">The priority score.</param>
/// <param name="Status">Allocated or checked in.</param>
/// <param name="EstimatedStart">The engine's estimate of when the patient is seen (local time).</param>
public sealed record QueueSnapshotEntry(
    int Position,
    string Number,
    TokenSource Source,
    int Score,
    TokenStatus Status,
    TimeOnly EstimatedStart
);
