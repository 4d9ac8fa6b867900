using BenchmarkDotNet.Attributes;
using OpdTokens.Allocation.Benchmarks.Columns;
using OpdTokens.Samples.Console.Replay;

namespace OpdTokens.Allocation.Benchmarks;

/// <summary>The yardstick of issue 14: a whole hospital day replayed through <see cref="IAllocationEngine"/> on a new
/// engine (default options, in-memory store, frozen clock). W1 is 528 operations (3 doctors), W2 44,000 (100 doctors,
/// the day exactly full), W3 53,600 (the same day 1.25x oversubscribed: bumps, waitlists, alternatives). One operation
/// of the table is the whole day; <c>Ops/s</c> divides by its commands, and <c>Outcome</c> shows what the engine
/// decided (seated / waitlisted / bumped / overflows / promotions), which must not change when the engine gets
/// faster.</summary>
/// <remarks>Each iteration replays the day once on an engine built (with its doctors and slots, not timed) in
/// <c>[IterationSetup]</c>. The replay checks every command succeeded and that the decisions match the first
/// replay's.</remarks>
[MemoryDiagnoser]
[InvocationCount(1, 1)]
[Config(typeof(DayReplayConfig))]
public class DayReplayBenchmarks
{
    private ReplayWorkload _workload = null!;
    private AllocationEngine? _engine;
    private ReplayOutcome? _expected;

    /// <summary>The workload: W1, W2 or W3.</summary>
    [Params("W1", "W2", "W3")]
    public string Workload { get; set; } = "W2";

    [GlobalSetup]
    public void SetUp()
    {
        if (!ReplayWorkload.TryGet(Workload, out _workload))
        {
            throw new InvalidOperationException($"Unknown workload {Workload}.");
        }
    }

    [IterationSetup]
    public void Prepare() => _engine = ReplayRunner.PrepareAsync(_workload).GetAwaiter().GetResult();

    [Benchmark]
    public async Task<ReplayOutcome> Replay_the_day()
    {
        var outcome = await ReplayRunner.RunAsync(_engine!, _workload);
        if (outcome.Failures > 0 || (_expected is not null && outcome != _expected))
        {
            throw new InvalidOperationException($"The replay decided differently: {outcome}, expected {_expected}.");
        }

        _expected = outcome;
        return outcome;
    }

    [IterationCleanup]
    public void CleanUp()
    {
        _engine?.Dispose();
        _engine = null;
    }
}
