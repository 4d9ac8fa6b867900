using BenchmarkDotNet.Attributes;
using OpdTokens.Allocation.Benchmarks.Columns;

namespace OpdTokens.Allocation.Benchmarks;

/// <summary>The machine's own ceiling for two threads: a pure arithmetic loop (no allocation, no shared memory) on one
/// thread, then on two. Read <see cref="ThroughputBenchmarks"/> against it: on a machine whose second core is busy
/// with other work, no engine can scale further than this.</summary>
[Config(typeof(ThroughputConfig))]
public class ParallelCeilingBenchmarks
{
    private const long Steps = 4_000_000;

    [Benchmark(Baseline = true, OperationsPerInvoke = 1)]
    public Task<long> One_thread_of_arithmetic() => Task.Run(() => Spin(Steps));

    [Benchmark(OperationsPerInvoke = 2)]
    public async Task<long> Two_threads_of_arithmetic()
    {
        var results = await Task.WhenAll(Task.Run(() => Spin(Steps)), Task.Run(() => Spin(Steps)));
        return results[0] ^ results[1];
    }

    /// <summary>A linear congruential generator: a dependency chain the JIT cannot fold or vectorise.</summary>
    private static long Spin(long steps)
    {
        long x = 1;
        for (long i = 0; i < steps; i++)
        {
            x = unchecked((x * 6364136223846793005) + 1442695040888963407);
        }

        return x;
    }
}
