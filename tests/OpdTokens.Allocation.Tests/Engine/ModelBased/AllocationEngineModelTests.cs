using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace OpdTokens.Allocation.Tests.Engine.ModelBased;

/// <summary>Model-based property tests: random scenarios against the engine, every invariant and a reference model
/// of the rules checked after every step.</summary>
public sealed class AllocationEngineModelTests
{
    // FsCheck.Xunit runs each property as a test and reports the seed of a failure ("Replay" with "(seed,gamma)"),
    // so a failing run can be replayed by adding Replay = "..." to the attribute.
    [Property(Arbitrary = [typeof(MixedScenarios)], MaxTest = 1000, EndSize = 120, QuietOnSuccess = true)]
    public void Mixed_scenarios_over_several_doctors_and_days_keep_every_invariant(Scenario scenario) =>
        ScenarioRunner.Run(scenario);

    [Property(Arbitrary = [typeof(BusyDays)], MaxTest = 1000, EndSize = 120, QuietOnSuccess = true)]
    public void Busy_days_full_of_bumps_overflows_and_waitlists_keep_every_invariant(Scenario scenario) =>
        ScenarioRunner.Run(scenario);

    [Fact]
    public void A_failing_claim_shrinks_to_a_short_readable_recipe()
    {
        // A deliberately false claim, to show what a failure report looks like: "nobody is ever bumped".
        var property = Prop.ForAll(
            ScenarioArbitrary.Shrinking(ScenarioArbitrary.BusyDay(maxSteps: 80)),
            (Scenario scenario) => ScenarioRunner.Run(scenario).All(token => token.BumpCount == 0)
        );

        var failure = Assert.ThrowsAny<Exception>(() => property.Check(Config.QuickThrowOnFailure.WithMaxTest(500)));

        var shrunk = failure.Message[failure.Message.IndexOf("Shrunk:", StringComparison.Ordinal)..];
        var steps = shrunk
            .Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && char.IsAsciiDigit(line[0]))
            .ToList();
        // Over 3,000 seeds the recipe shrank to 3-9 steps (mostly 3-5): a slot, the bumped allocation and the bump,
        // plus at times slots the shrinker cannot drop without renumbering the ones the steps refer to.
        Assert.True(steps.Count is >= 2 and <= 12, "The counter-example did not shrink well:\n" + shrunk);
        Assert.Contains("Allocate(doctor 0, day 0, ", steps[^1], StringComparison.Ordinal);
        Assert.Contains("Scenario with 1 doctor(s), ", shrunk, StringComparison.Ordinal);
    }

    /// <summary>The generator and shrinker of mixed scenarios, for <see cref="PropertyAttribute.Arbitrary"/>.</summary>
    public static class MixedScenarios
    {
        public static Arbitrary<Scenario> Scenarios() =>
            ScenarioArbitrary.Shrinking(ScenarioArbitrary.Mixed(maxSteps: 120));
    }

    /// <summary>The generator and shrinker of busy days, for <see cref="PropertyAttribute.Arbitrary"/>.</summary>
    public static class BusyDays
    {
        public static Arbitrary<Scenario> Scenarios() =>
            ScenarioArbitrary.Shrinking(ScenarioArbitrary.BusyDay(maxSteps: 120));
    }
}
