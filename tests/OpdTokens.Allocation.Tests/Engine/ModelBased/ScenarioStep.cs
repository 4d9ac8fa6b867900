using System.Globalization;

namespace OpdTokens.Allocation.Tests.Engine.ModelBased;

/// <summary>One step of a generated scenario. Steps name doctors, days, slots and tokens by small indexes that the
/// runner resolves against the state at that moment, so a step stays meaningful when shrinking removes others.</summary>
public abstract record ScenarioStep
{
    /// <summary>A slot index of -1 names a slot that does not exist.</summary>
    protected static string SlotText(int slot) => slot < 0 ? "unknown slot" : $"slot #{slot}";

    /// <summary>A token index of -1 names a token that does not exist.</summary>
    protected static string TokenText(int token) => token < 0 ? "unknown token" : $"token #{token}";
}

/// <summary>What is wrong with an allocation request on purpose.</summary>
public enum Flaw
{
    None,
    EmptyName,
    BadPhone,
    BadKey,
}

public sealed record AddSlotStep(int Doctor, int Day, int StartHalfHour, int Halves, int Capacity) : ScenarioStep
{
    public TimeOnly Start => new TimeOnly(8, 0).AddMinutes(30 * StartHalfHour);

    public TimeOnly End => Start.AddMinutes(30 * Halves);

    public override string ToString() =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"AddSlot(doctor {Doctor}, day {Day}, {Start:HH\\:mm}-{End:HH\\:mm}, capacity {Capacity})"
        );
}

public sealed record AllocateStep(
    int Doctor,
    int Day,
    int? Slot,
    TokenSource Source,
    int? Patient,
    int? Key,
    bool WaitlistIfFull,
    Flaw Flaw
) : ScenarioStep
{
    public override string ToString()
    {
        var parts = new List<string> { $"doctor {Doctor}", $"day {Day}" };
        if (Slot is { } slot)
        {
            parts.Add("prefers " + SlotText(slot));
        }

        parts.Add(Source.ToString());
        if (Patient is { } patient)
        {
            parts.Add($"patient MRN-{patient}");
        }

        if (Key is { } key)
        {
            parts.Add($"key k{key}");
        }

        if (!WaitlistIfFull)
        {
            parts.Add("no waitlist");
        }

        if (Flaw != Flaw.None)
        {
            parts.Add("flaw " + Flaw);
        }

        return $"Allocate({string.Join(", ", parts)})";
    }
}

/// <summary>Sends an earlier successful keyed request again, unchanged.</summary>
public sealed record ReplayStep(int Nth) : ScenarioStep
{
    public override string ToString() => $"Replay(keyed request #{Nth})";
}

public sealed record ChangeStatusStep(int Token, TokenStatus Status) : ScenarioStep
{
    public override string ToString() => $"ChangeStatus({TokenText(Token)} -> {Status})";
}

public sealed record ReallocateStep(int Token, int Slot) : ScenarioStep
{
    public override string ToString() => $"Reallocate({TokenText(Token)} -> {SlotText(Slot)})";
}

public sealed record DelayStep(int Doctor, int Day, int Minutes) : ScenarioStep
{
    public override string ToString() => $"ReportDelay(doctor {Doctor}, day {Day}, {Minutes} min)";
}

public sealed record CloseStep(int Doctor, int Day, int Slot) : ScenarioStep
{
    public override string ToString() => $"CloseSlot(doctor {Doctor}, day {Day}, {SlotText(Slot)})";
}

public sealed record ResizeStep(int Doctor, int Day, int Slot, int Capacity) : ScenarioStep
{
    public override string ToString() =>
        $"ResizeSlot(doctor {Doctor}, day {Day}, {SlotText(Slot)}, capacity {Capacity})";
}

/// <summary>Flips a doctor between active and inactive.</summary>
public sealed record ToggleDoctorStep(int Doctor) : ScenarioStep
{
    public override string ToString() => $"ToggleDoctor(doctor {Doctor})";
}

public sealed record AdvanceStep(int Minutes) : ScenarioStep
{
    public override string ToString() => $"Advance({Minutes} min)";
}

/// <summary>Makes the store's commit of the next step throw.</summary>
public sealed record FailNextCommitStep : ScenarioStep
{
    public override string ToString() => "FailNextCommit()";
}
