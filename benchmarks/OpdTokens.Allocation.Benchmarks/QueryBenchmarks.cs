using BenchmarkDotNet.Attributes;
using OpdTokens.Allocation.Benchmarks.Fixtures;

namespace OpdTokens.Allocation.Benchmarks;

/// <summary>Reads through <see cref="IAllocationEngine"/> on a busy doctor-day (8 slots x 20 seats, all full, a
/// waitlist of 10, the first slot's patients checked in): a slot's queue, as a display board polls it, and the
/// day's analytics. Reads take no lock; a queue read must not allocate.</summary>
[MemoryDiagnoser]
public class QueryBenchmarks
{
    private EngineFixture _fixture = null!;
    private IAllocationEngine _engine = null!;
    private PartitionKey _partition;
    private SlotId _slot;

    [GlobalSetup]
    public void SetUp()
    {
        _fixture = EngineFixture.Create(1, 8, 20);
        _engine = _fixture.Engine;
        var sources = new[] { TokenSource.Online, TokenSource.WalkIn, TokenSource.FollowUp, TokenSource.Paid };
        for (var i = 0; i < 170; i++)
        {
            _fixture.Allocate(0, i % 8, sources[i % sources.Length]);
        }

        _partition = _fixture.Partition(0);
        _slot = _fixture.Slot(0, 0);
        foreach (var token in _fixture.DayOf(0).GetQueue(_slot))
        {
            EngineFixture.Wait(_engine.ChangeStatusAsync(new(token.Id, TokenStatus.CheckedIn))).GetValueOrThrow();
        }
    }

    /// <summary>The published snapshot, the slot's queue, its length and its head.</summary>
    [Benchmark]
    public async ValueTask<int> Read_a_slot_queue()
    {
        var day = await _engine.GetDoctorDayAsync(_partition);
        var queue = day.GetQueue(_slot);
        return queue.Count + queue.First!.PriorityScore;
    }

    /// <summary>The same, walking the whole queue in rank order.</summary>
    [Benchmark]
    public async ValueTask<int> Walk_a_slot_queue()
    {
        var day = await _engine.GetDoctorDayAsync(_partition);
        var sum = 0;
        foreach (var token in day.GetQueue(_slot))
        {
            sum += token.PriorityScore;
        }

        return sum;
    }

    [Benchmark]
    public ValueTask<DoctorDayAnalytics> Doctor_day_analytics() => _engine.GetDoctorDayAnalyticsAsync(_partition);

    [GlobalCleanup]
    public void CleanUp() => _fixture.Dispose();
}
