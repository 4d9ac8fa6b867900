using BenchmarkDotNet.Attributes;
using OpdTokens.Allocation.Benchmarks.Fixtures;

namespace OpdTokens.Allocation.Benchmarks;

/// <summary>One allocation request through <see cref="IAllocationEngine"/>: into a slot with room, into a full slot
/// (bumping the lowest-ranked walk-in to a later slot), and an emergency overflowing a full day.</summary>
/// <remarks>Every request needs a fresh seat, so each iteration starts from a new engine built in
/// <c>[IterationSetup]</c> with room for exactly <see cref="Invocations"/> requests, spread over many doctors so each
/// doctor-day stays the size of a real one (8 slots of 20). The outcome of every request is checked.</remarks>
[MemoryDiagnoser]
[InvocationCount(Invocations)]
public class AllocationBenchmarks
{
    public const int Invocations = 2048;

    private EngineFixture? _fixture;
    private IAllocationEngine _engine = null!;
    private AllocateToken[] _requests = [];
    private AllocationOutcome _expected;
    private int _next;
    private int _unexpected;

    [GlobalSetup]
    public void WarmUp() => JitWarmUp.Run();

    [IterationSetup(Target = nameof(Allocate_into_a_slot_with_room))]
    public void SetUpRoom()
    {
        // 32 doctors x 8 slots x 20 seats; each slot ends the iteration 8 seats full.
        const int doctors = 32;
        SetUp(EngineFixture.Create(doctors, 8, 20), AllocationOutcome.Allocated);
        _requests =
        [
            .. Enumerable
                .Range(0, Invocations)
                .Select(i => Fixture.Request(i % doctors, i / doctors % 8, TokenSource.Online)),
        ];
    }

    [Benchmark]
    public ValueTask<AllocationOutcome> Allocate_into_a_slot_with_room() => AllocateNextAsync();

    [IterationSetup(Target = nameof(Allocate_into_a_full_slot_with_a_bump))]
    public void SetUpBump()
    {
        // Slots 1-4 are full of walk-ins and slots 5-8 are empty: a paid request for slot 1-4 bumps the lowest
        // walk-in there into the first later slot with room.
        const int doctors = 32;
        SetUp(EngineFixture.Create(doctors, 8, 20), AllocationOutcome.BumpedOther);
        for (var d = 0; d < doctors; d++)
        {
            for (var s = 0; s < 4; s++)
            {
                Fixture.FillWithWalkIns(d, s);
            }
        }

        _requests =
        [
            .. Enumerable
                .Range(0, Invocations)
                .Select(i => Fixture.Request(i % doctors, i / doctors % 4, TokenSource.Paid)),
        ];
    }

    [Benchmark]
    public ValueTask<AllocationOutcome> Allocate_into_a_full_slot_with_a_bump() => AllocateNextAsync();

    [IterationSetup(Target = nameof(Emergency_overflow))]
    public void SetUpOverflow()
    {
        // Every slot is full and nothing can move: an emergency for a slot is placed over its capacity (one per slot
        // by default), so there is one doctor-day per 8 requests.
        const int doctors = Invocations / 8;
        SetUp(EngineFixture.Create(doctors, 8, 20), AllocationOutcome.Overflow);
        for (var d = 0; d < doctors; d++)
        {
            for (var s = 0; s < 8; s++)
            {
                Fixture.FillWithWalkIns(d, s);
            }
        }

        _requests =
        [
            .. Enumerable
                .Range(0, Invocations)
                .Select(i => Fixture.Request(i % doctors, i / doctors, TokenSource.Emergency)),
        ];
    }

    [Benchmark]
    public ValueTask<AllocationOutcome> Emergency_overflow() => AllocateNextAsync();

    [IterationCleanup]
    public void CleanUp()
    {
        var unexpected = _unexpected;
        _fixture?.Dispose();
        _fixture = null;
        if (unexpected > 0)
        {
            throw new InvalidOperationException($"{unexpected} requests did not end as {_expected}.");
        }
    }

    private EngineFixture Fixture => _fixture!;

    private void SetUp(EngineFixture fixture, AllocationOutcome expected)
    {
        _fixture = fixture;
        _engine = fixture.Engine;
        _expected = expected;
        _next = 0;
        _unexpected = 0;
    }

    private async ValueTask<AllocationOutcome> AllocateNextAsync()
    {
        var result = await _engine.AllocateAsync(_requests[_next++]);
        if (!result.IsSuccess || result.Value.Outcome != _expected)
        {
            _unexpected++;
            return default;
        }

        return result.Value.Outcome;
    }
}
