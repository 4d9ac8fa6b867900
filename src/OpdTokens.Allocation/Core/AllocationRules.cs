namespace OpdTokens.Allocation.Core;

/// <summary>The numbers the allocation rules read, copied from the options at engine start.</summary>
/// <param name="EmergencyOverflowPerSlot">How many emergencies a full slot may take over capacity.</param>
/// <param name="EmergencyOverflowPerDay">How many overflow seats a doctor-day may take in total; null = unlimited.</param>
/// <param name="MaxBumpsPerToken">How often one token may be bumped.</param>
internal sealed record AllocationRules(int EmergencyOverflowPerSlot, int? EmergencyOverflowPerDay, int MaxBumpsPerToken)
{
    public static AllocationRules Default { get; } = new(1, null, 2);
}
