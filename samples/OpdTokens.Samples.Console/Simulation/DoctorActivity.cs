using OpdTokens.Allocation;

namespace OpdTokens.Samples.Console.Simulation;

/// <summary>What the scenario saw of one doctor's day besides the engine's own figures.</summary>
/// <param name="Doctor">The doctor.</param>
/// <param name="Slots">The doctor's slots, in start order.</param>
/// <param name="EstimatedWaits">Check-ins whose estimated wait was recorded.</param>
/// <param name="AverageEstimatedWait">The engine's estimated start minus the check-in time, averaged.</param>
/// <param name="ActualWaits">Consultations whose wait was recorded.</param>
/// <param name="AverageActualWait">The consultation start minus the check-in time, averaged.</param>
/// <param name="PeakWaitlist">The longest the waitlist was at any tick.</param>
public sealed record DoctorActivity(
    Doctor Doctor,
    System.Collections.Immutable.ImmutableArray<SlotId> Slots,
    int EstimatedWaits,
    TimeSpan AverageEstimatedWait,
    int ActualWaits,
    TimeSpan AverageActualWait,
    int PeakWaitlist
)
{
    /// <summary>Gets the doctor-day.</summary>
    public PartitionKey Partition => Slots.IsDefaultOrEmpty ? default : Slots[0].Partition;
}
