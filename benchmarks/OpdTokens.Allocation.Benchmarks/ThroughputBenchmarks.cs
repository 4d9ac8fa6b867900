using BenchmarkDotNet.Attributes;
using OpdTokens.Allocation.Benchmarks.Columns;
using OpdTokens.Allocation.Benchmarks.Fixtures;

namespace OpdTokens.Allocation.Benchmarks;

/// <summary>Allocation throughput under threads: one thread; two threads on different doctors; two threads on the
/// same doctors. Each runs on the default, striped engine and on the same engine configured with a single stripe
/// (<c>LockStripes = 1</c>, the global-lock baseline), so the gain of striping is read off one run.</summary>
/// <remarks>
/// <para>Each thread sends <see cref="PerThread"/> requests round-robin over its own 8 doctors (8 slots x 20 seats
/// each); in the same-doctor case both threads share the first thread's doctors. The one-thread baseline sends both
/// threads' requests itself, so every case does the same work: with half the work, the baseline's iterations stayed
/// under the collector's allocation budget and never paid for a collection, while the two-thread ones did. The mean is per allocation
/// (<c>OperationsPerInvoke</c> counts every thread's requests), so a lower mean is a higher throughput; the custom
/// columns turn it into allocations per second and gains.</para>
/// <para>The engine runs on a <see cref="FrozenClock"/>: the test kit's manual clock takes a lock on every read, which
/// would make the threads contend where no production clock does.</para>
/// <para>Different doctors land on different stripes except when their keys hash to the same one (1 in
/// <c>LockStripes</c>, 8 by default on 2 cores); round-robin over 8 doctors per thread averages that in, as a real
/// mix of doctors would.</para>
/// </remarks>
[MemoryDiagnoser]
[InvocationCount(Invocations)]
[Config(typeof(ThroughputConfig))]
public class ThroughputBenchmarks
{
    public const int Invocations = 16;
    public const int PerThread = 512;
    private const int DoctorsPerThread = 8;

    private EngineFixture? _fixture;
    private IAllocationEngine _engine = null!;

    /// <summary>Per invocation, per thread: the requests on the thread's own doctors.</summary>
    private AllocateToken[][][] _ownDoctors = [];

    /// <summary>Per invocation, per thread: the requests on the first thread's doctors.</summary>
    private AllocateToken[][][] _sharedDoctors = [];

    private int _next;
    private int _failures;

    public enum LockMode
    {
        Striped,
        SingleStripe,
    }

    [GlobalSetup]
    public void WarmUp() => JitWarmUp.Run();

    [Params(LockMode.Striped, LockMode.SingleStripe)]
    public LockMode Locks { get; set; }

    [IterationSetup]
    public void SetUp()
    {
        var options = new OpdTokenAllocationOptions();
        if (Locks == LockMode.SingleStripe)
        {
            options.LockStripes = 1;
        }

        _fixture = EngineFixture.Create(
            Invocations * 2 * DoctorsPerThread,
            8,
            20,
            options,
            new FrozenClock(EngineFixture.Start)
        );
        _engine = _fixture.Engine;
        _ownDoctors = [.. Enumerable.Range(0, Invocations).Select(k => new[] { Requests(k, 0), Requests(k, 1) })];
        _sharedDoctors = [.. Enumerable.Range(0, Invocations).Select(k => new[] { Requests(k, 0), Requests(k, 0) })];
        _next = 0;
        _failures = 0;
    }

    /// <summary>Both threads' requests on one thread, one after the other: the same work as the two-thread cases, so
    /// all three allocate as much per iteration and meet the same garbage collections.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = 2 * PerThread)]
    public Task One_thread()
    {
        var requests = _ownDoctors[_next++];
        return Task.Run(async () =>
        {
            await AllocateAllAsync(requests[0]);
            await AllocateAllAsync(requests[1]);
        });
    }

    [Benchmark(OperationsPerInvoke = 2 * PerThread)]
    public Task Two_threads_on_different_doctors()
    {
        var requests = _ownDoctors[_next++];
        return Task.WhenAll(
            Task.Run(() => AllocateAllAsync(requests[0])),
            Task.Run(() => AllocateAllAsync(requests[1]))
        );
    }

    [Benchmark(OperationsPerInvoke = 2 * PerThread)]
    public Task Two_threads_on_the_same_doctors()
    {
        var requests = _sharedDoctors[_next++];
        return Task.WhenAll(
            Task.Run(() => AllocateAllAsync(requests[0])),
            Task.Run(() => AllocateAllAsync(requests[1]))
        );
    }

    [IterationCleanup]
    public void CleanUp()
    {
        var failures = _failures;
        _fixture?.Dispose();
        _fixture = null;
        if (failures > 0)
        {
            throw new InvalidOperationException($"{failures} allocations failed.");
        }
    }

    private async Task AllocateAllAsync(AllocateToken[] requests)
    {
        foreach (var request in requests)
        {
            var result = await _engine.AllocateAsync(request);
            if (!result.IsSuccess || result.Value.Outcome != AllocationOutcome.Allocated)
            {
                Interlocked.Increment(ref _failures);
            }
        }
    }

    /// <summary>A thread's requests: round-robin over its 8 doctors, 8 per slot and doctor.</summary>
    private AllocateToken[] Requests(int invocation, int thread)
    {
        var first = ((invocation * 2) + thread) * DoctorsPerThread;
        return
        [
            .. Enumerable
                .Range(0, PerThread)
                .Select(j =>
                    _fixture!.Request(first + (j % DoctorsPerThread), j / DoctorsPerThread % 8, TokenSource.Online)
                ),
        ];
    }
}
