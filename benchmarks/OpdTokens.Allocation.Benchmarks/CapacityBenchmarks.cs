using BenchmarkDotNet.Attributes;
using OpdTokens.Allocation.Benchmarks.Fixtures;

namespace OpdTokens.Allocation.Benchmarks;

/// <summary>How the cost of an allocation grows with the slot's capacity: a request into a half-full slot of 10, 100
/// or 1000 seats (the queue and the day hold that many tokens).</summary>
/// <remarks>Each iteration starts from a new engine: one slot per doctor, half full, and enough doctors for
/// <see cref="Invocations"/> requests to find room (200, 20 and 2 doctors).</remarks>
[MemoryDiagnoser]
[InvocationCount(Invocations)]
public class CapacityBenchmarks
{
    public const int Invocations = 1000;

    private EngineFixture? _fixture;
    private IAllocationEngine _engine = null!;
    private AllocateToken[] _requests = [];
    private int _next;
    private int _unexpected;

    [GlobalSetup]
    public void WarmUp() => JitWarmUp.Run();

    [Params(10, 100, 1000)]
    public int Capacity { get; set; }

    [IterationSetup]
    public void SetUp()
    {
        var prefilled = Capacity / 2;
        var room = Capacity - prefilled;
        var doctors = (Invocations + room - 1) / room;
        _fixture = EngineFixture.Create(doctors, 1, Capacity);
        _engine = _fixture.Engine;
        var sources = new[] { TokenSource.Online, TokenSource.WalkIn, TokenSource.FollowUp, TokenSource.Paid };
        for (var d = 0; d < doctors; d++)
        {
            for (var i = 0; i < prefilled; i++)
            {
                _fixture.Allocate(d, 0, sources[i % sources.Length]);
            }
        }

        _requests =
        [
            .. Enumerable.Range(0, Invocations).Select(i => _fixture.Request(i / room, 0, TokenSource.Online)),
        ];
        _next = 0;
        _unexpected = 0;
    }

    [Benchmark]
    public async ValueTask<AllocationOutcome> Allocate_into_a_half_full_slot()
    {
        var result = await _engine.AllocateAsync(_requests[_next++]);
        if (!result.IsSuccess || result.Value.Outcome != AllocationOutcome.Allocated)
        {
            _unexpected++;
            return default;
        }

        return result.Value.Outcome;
    }

    [IterationCleanup]
    public void CleanUp()
    {
        var unexpected = _unexpected;
        _fixture?.Dispose();
        _fixture = null;
        if (unexpected > 0)
        {
            throw new InvalidOperationException($"{unexpected} requests found no room.");
        }
    }
}
