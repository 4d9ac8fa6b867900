using OpdTokens.Allocation.Policies;

namespace OpdTokens.Samples.Console.Simulation;

/// <summary>The knobs of a simulated OPD day. The defaults are the README's day: 3 doctors x 8 hourly slots x 20
/// seats, 10% more requests than seats.</summary>
public sealed record ScenarioSettings
{
    /// <summary>The most doctors a run may have.</summary>
    public const int MaxDoctors = 100;

    /// <summary>The most hourly slots a doctor may have (09:00 to 21:00).</summary>
    public const int MaxSlotsPerDoctor = 12;

    /// <summary>The seed of the default run.</summary>
    public const int DefaultSeed = 20261123;

    public int Doctors { get; init; } = 3;

    public int Seed { get; init; } = DefaultSeed;

    /// <summary>The shipped priority policy: <c>tiered</c> or <c>weighted</c>.</summary>
    public string Policy { get; init; } = PriorityPolicyNames.Tiered;

    public int SlotsPerDoctor { get; init; } = 8;

    public int SlotCapacity { get; init; } = 20;

    /// <summary>Requests beyond the seats, as a share of the seats.</summary>
    public double ExtraDemand { get; init; } = 0.10;

    /// <summary>The OPD day; the simulation starts on the morning before it.</summary>
    public DateOnly Day { get; init; } = new(2026, 11, 23);

    public int SeatsPerDoctor => SlotsPerDoctor * SlotCapacity;

    public int Seats => Doctors * SeatsPerDoctor;

    public int RequestsPerDoctor => (int)Math.Round(SeatsPerDoctor * (1 + ExtraDemand), MidpointRounding.AwayFromZero);

    public int Requests => Doctors * RequestsPerDoctor;

    /// <summary>Explains what is wrong with the settings, or returns <see langword="null"/> when they can run.</summary>
    public string? Validate()
    {
        if (Doctors is < 1 or > MaxDoctors)
        {
            return $"doctors must be 1 to {MaxDoctors}";
        }

        if (SlotsPerDoctor is < 1 or > MaxSlotsPerDoctor)
        {
            return $"slots per doctor must be 1 to {MaxSlotsPerDoctor}";
        }

        if (SlotCapacity is < 1 or > 1000)
        {
            return "slot capacity must be 1 to 1000";
        }

        if (ExtraDemand is < 0 or > 1)
        {
            return "extra demand must be 0 to 1";
        }

        return Policy is PriorityPolicyNames.Tiered or PriorityPolicyNames.Weighted
            ? null
            : $"policy must be '{PriorityPolicyNames.Tiered}' or '{PriorityPolicyNames.Weighted}'";
    }
}
