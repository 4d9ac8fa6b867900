using System.Collections.Immutable;
using System.Text;

namespace OpdTokens.Allocation.Tests.Engine.ModelBased;

/// <summary>The settings a scenario runs with.</summary>
public sealed record ScenarioSettings(
    int Doctors,
    int OverflowPerSlot,
    int? OverflowPerDay,
    int MaxBumps,
    string Policy
)
{
    public static ScenarioSettings Default { get; } = new(1, 1, null, 2, "tiered");

    public void ApplyTo(OpdTokenAllocationOptions options)
    {
        options.EmergencyOverflowPerSlot = OverflowPerSlot;
        options.EmergencyOverflowPerDay = OverflowPerDay;
        options.MaxBumpsPerToken = MaxBumps;
        options.PriorityPolicy = Policy;
    }

    public override string ToString() =>
        $"{Doctors} doctor(s), {Policy} policy, overflow {OverflowPerSlot}/slot and {OverflowPerDay?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unlimited"}/day, max {MaxBumps} bumps";
}

/// <summary>A generated run: settings and steps. Prints as a numbered list, so a shrunk counter-example reads as a
/// recipe.</summary>
public sealed record Scenario(ScenarioSettings Settings, ImmutableArray<ScenarioStep> Steps)
{
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("Scenario with ").Append(Settings).Append(':');
        for (var i = 0; i < Steps.Length; i++)
        {
            text.AppendLine().Append("  ").Append(i + 1).Append(". ").Append(Steps[i]);
        }

        return text.ToString();
    }
}
