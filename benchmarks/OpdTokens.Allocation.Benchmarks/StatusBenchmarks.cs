using BenchmarkDotNet.Attributes;
using OpdTokens.Allocation.Benchmarks.Fixtures;

namespace OpdTokens.Allocation.Benchmarks;

/// <summary>Status changes through <see cref="IAllocationEngine"/>: a cancellation that promotes the head of the
/// waitlist into the freed seat, and a patient's visit (check in, start consultation, complete).</summary>
/// <remarks>Each iteration starts from a new engine with exactly <see cref="Invocations"/> tokens to change, spread
/// over 64 doctor-days of 8 slots x 20 seats. Every command's result is checked.</remarks>
[MemoryDiagnoser]
[InvocationCount(Invocations)]
public class StatusBenchmarks
{
    public const int Invocations = 2048;
    private const int Doctors = 64;
    private const int PerDoctor = Invocations / Doctors;

    private EngineFixture? _fixture;
    private IAllocationEngine _engine = null!;
    private TokenId[] _tokens = [];
    private int _next;
    private int _unexpected;

    [GlobalSetup]
    public void WarmUp() => JitWarmUp.Run();

    [IterationSetup(Target = nameof(Cancel_with_waitlist_promotion))]
    public void SetUpCancel()
    {
        // Every day is full, with 32 tokens on its waitlist; each cancellation frees a seat that the head of the
        // waitlist takes.
        SetUp();
        for (var d = 0; d < Doctors; d++)
        {
            for (var s = 0; s < 8; s++)
            {
                _fixture!.FillWithWalkIns(d, s);
            }

            for (var w = 0; w < PerDoctor; w++)
            {
                if (_fixture!.Allocate(d, null, TokenSource.Online).Outcome != AllocationOutcome.Waitlisted)
                {
                    throw new InvalidOperationException("The day should be full.");
                }
            }
        }

        // The j-th cancellation of a doctor hits slot j % 8, one walk-in further down each round.
        _tokens =
        [
            .. Enumerable
                .Range(0, Invocations)
                .Select(i =>
                {
                    var j = i / Doctors;
                    return new TokenId(_fixture!.Partition(i % Doctors), 1 + (j % 8 * 20) + (j / 8));
                }),
        ];
    }

    [Benchmark]
    public async ValueTask<Token?> Cancel_with_waitlist_promotion()
    {
        var result = await _engine.ChangeStatusAsync(new ChangeTokenStatus(_tokens[_next++], TokenStatus.Cancelled));
        if (!result.IsSuccess || result.Value.PromotedToken is null)
        {
            _unexpected++;
            return null;
        }

        return result.Value.PromotedToken;
    }

    [IterationSetup(Target = nameof(Check_in_consult_complete))]
    public void SetUpVisit()
    {
        SetUp();
        _tokens =
        [
            .. Enumerable
                .Range(0, Invocations)
                .Select(i => _fixture!.Allocate(i % Doctors, i / Doctors % 8, TokenSource.Online).Token.Id),
        ];
    }

    /// <summary>Three commands: checked in, consulting, completed.</summary>
    [Benchmark]
    public async ValueTask<Token?> Check_in_consult_complete()
    {
        var id = _tokens[_next++];
        var checkedIn = await _engine.ChangeStatusAsync(new ChangeTokenStatus(id, TokenStatus.CheckedIn));
        var consulting = await _engine.ChangeStatusAsync(new ChangeTokenStatus(id, TokenStatus.Consulting));
        var completed = await _engine.ChangeStatusAsync(new ChangeTokenStatus(id, TokenStatus.Completed));
        if (!checkedIn.IsSuccess || !consulting.IsSuccess || !completed.IsSuccess)
        {
            _unexpected++;
            return null;
        }

        return completed.Value.Token;
    }

    [IterationCleanup]
    public void CleanUp()
    {
        var unexpected = _unexpected;
        _fixture?.Dispose();
        _fixture = null;
        if (unexpected > 0)
        {
            throw new InvalidOperationException($"{unexpected} status changes did not work as planned.");
        }
    }

    private void SetUp()
    {
        _fixture = EngineFixture.Create(Doctors, 8, 20);
        _engine = _fixture.Engine;
        _next = 0;
        _unexpected = 0;
    }
}
