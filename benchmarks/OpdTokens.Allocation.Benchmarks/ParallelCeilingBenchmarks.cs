using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using OpdTokens.Allocation.Benchmarks.Columns;

namespace OpdTokens.Allocation.Benchmarks;

/// <summary>The machine's own ceilings for two threads, on work that shares nothing between the threads: a pure
/// arithmetic loop (no allocation, no memory), and a loop that allocates and keeps objects the way allocation
/// commands do. Read <see cref="ThroughputBenchmarks"/> against them: on a machine whose second core is busy, or
/// whose runtime cannot allocate on two threads twice as fast, no engine can scale further than this.</summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ParallelCeilingBenchmarks
{
    private const long Steps = 4_000_000;

    /// <summary>Operations per thread in the allocation pair: as many as a thread of
    /// <see cref="ThroughputBenchmarks"/> sends per iteration.</summary>
    private const int AllocationsPerThread = ThroughputBenchmarks.Invocations * ThroughputBenchmarks.PerThread;

    [Benchmark(Baseline = true, OperationsPerInvoke = 1)]
    [BenchmarkCategory("Arithmetic")]
    public Task<long> One_thread_of_arithmetic() => Task.Run(() => Spin(Steps));

    [Benchmark(OperationsPerInvoke = 2)]
    [BenchmarkCategory("Arithmetic")]
    public async Task<long> Two_threads_of_arithmetic()
    {
        var results = await Task.WhenAll(Task.Run(() => Spin(Steps)), Task.Run(() => Spin(Steps)));
        return results[0] ^ results[1];
    }

    /// <summary>Both threads' share of the allocation work on one thread, one after the other.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = 2 * AllocationsPerThread)]
    [BenchmarkCategory("Allocation")]
    public Task<long> One_thread_of_allocation() =>
        Task.Run(() => AllocateAndKeep(AllocationsPerThread) + AllocateAndKeep(AllocationsPerThread));

    [Benchmark(OperationsPerInvoke = 2 * AllocationsPerThread)]
    [BenchmarkCategory("Allocation")]
    public async Task<long> Two_threads_of_allocation()
    {
        var results = await Task.WhenAll(
            Task.Run(() => AllocateAndKeep(AllocationsPerThread)),
            Task.Run(() => AllocateAndKeep(AllocationsPerThread))
        );
        return results[0] + results[1];
    }

    /// <summary>Work shaped like allocation commands on a thread's own doctor-days, without the engine: per operation,
    /// a token-sized object kept in one of 64 private immutable sorted dictionaries (a path copy per insert) and
    /// short-lived garbage: 1.3 KB allocated, of which about 0.3 KB is kept, close to what an allocation into a slot with
    /// room does.</summary>
    private static long AllocateAndKeep(int operations)
    {
        var days = new ImmutableSortedDictionary<int, byte[]>[64];
        Array.Fill(days, ImmutableSortedDictionary<int, byte[]>.Empty);
        long checksum = 0;
        for (var i = 0; i < operations; i++)
        {
            var day = i % days.Length;
            var token = new byte[208];
            token[0] = (byte)i;
            days[day] = days[day].SetItem(i / days.Length, token);
            var garbage = new byte[640];
            garbage[^1] = token[0];
            checksum += days[day].Count + garbage[^1];
        }

        return checksum;
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
