using System.Diagnostics;
using OpdTokens.Samples.Console.Simulation;

namespace OpdTokens.Allocation.Benchmarks.Fixtures;

/// <summary>Brings the engine's code to its final, fully optimised tier before a benchmark with a fixed invocation
/// count runs.</summary>
/// <remarks>Benchmarks that need a fresh engine per iteration run short iterations with an explicit
/// <c>[InvocationCount]</c>, so BenchmarkDotNet's warm-up (3 iterations with the short job, 1 with the dry job) can end
/// before tiered compilation has promoted the engine's methods: they would be timed as unoptimised tier-0 code. The
/// runtime promotes hot methods in the background once no new method has been compiled for about 100 ms, so this runs
/// the console sample's OPD day (every command of the engine) for a while, pauses, and runs it again. Once per
/// process; every benchmark runs in its own process.</remarks>
public static class JitWarmUp
{
    private static bool _done;

    public static void Run()
    {
        if (_done)
        {
            return;
        }

        var scenario = new OpdDayScenario(new ScenarioSettings());
        RunDays(scenario, TimeSpan.FromMilliseconds(500));
        Thread.Sleep(300);
        RunDays(scenario, TimeSpan.FromMilliseconds(200));
        _done = true;
    }

    private static void RunDays(OpdDayScenario scenario, TimeSpan duration)
    {
        var stopwatch = Stopwatch.StartNew();
        do
        {
            var clock = scenario.CreateClock();
            using var engine = new AllocationEngine(scenario.CreateEngineOptions(), timeProvider: clock);
            scenario.RunAsync(engine, clock).GetAwaiter().GetResult();
        } while (stopwatch.Elapsed < duration);
    }
}
