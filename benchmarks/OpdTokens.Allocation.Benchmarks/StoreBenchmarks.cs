using BenchmarkDotNet.Attributes;
using OpdTokens.Allocation.Benchmarks.Columns;
using OpdTokens.Allocation.Benchmarks.Fixtures;

namespace OpdTokens.Allocation.Benchmarks;

/// <summary>One command through <see cref="IAllocationEngine"/> on each store: the in-memory store (the baseline),
/// SQLite on a local file (WAL, <c>synchronous = FULL</c>: every commit waits for the disk) and PostgreSQL on a
/// server on 127.0.0.1. The commands are an allocation into a slot with room and a status change (check-in); each is
/// one version-checked commit of the doctor-day's delta.</summary>
/// <remarks>
/// <para>Each iteration starts from a new, empty database (a new SQLite file or PostgreSQL schema) and a new engine
/// with room for exactly <see cref="Invocations"/> commands over 16 doctor-days of 8 slots x 20 seats, built in
/// <c>[IterationSetup]</c> (not timed). The engine has every doctor-day cached, so a command costs the engine's rules
/// and one commit; reads never reach the store. The outcome of every command is checked.</para>
/// <para>BenchmarkDotNet 0.14 cannot mark a parameter value as the baseline, so the <c>vs in-memory</c> column gives
/// the ratio to the in-memory row. The PostgreSQL server is described in <see cref="StoreServer"/>.</para>
/// </remarks>
[MemoryDiagnoser]
[InvocationCount(Invocations)]
[Config(typeof(StoreConfig))]
public class StoreBenchmarks
{
    public const int Invocations = 256;
    private const int Doctors = 16;

    private StoreServer? _server;
    private BenchmarkDatabase? _database;
    private EngineFixture? _fixture;
    private IAllocationEngine _engine = null!;
    private AllocateToken[] _requests = [];
    private TokenId[] _tokens = [];
    private int _next;
    private int _unexpected;

    [Params(StoreKind.InMemory, StoreKind.Sqlite, StoreKind.PostgreSql)]
    public StoreKind Store { get; set; }

    [GlobalSetup]
    public void Start()
    {
        // An in-memory iteration (256 commands) is over in about a millisecond, too soon for tiered compilation to
        // finish during warm-up; with a store, an iteration and its setup take a few hundred milliseconds, time enough.
        if (Store == StoreKind.InMemory)
        {
            JitWarmUp.Run();
        }

        _server = StoreServer.Start(Store);
    }

    [IterationSetup(Target = nameof(Allocate_into_a_slot_with_room))]
    public void SetUpAllocate()
    {
        SetUp();
        _requests =
        [
            .. Enumerable
                .Range(0, Invocations)
                .Select(i => _fixture!.Request(i % Doctors, i / Doctors % 8, TokenSource.Online)),
        ];
    }

    [Benchmark]
    public async ValueTask<AllocationOutcome> Allocate_into_a_slot_with_room()
    {
        var result = await _engine.AllocateAsync(_requests[_next++]);
        if (!result.IsSuccess || result.Value.Outcome != AllocationOutcome.Allocated)
        {
            _unexpected++;
            return default;
        }

        return result.Value.Outcome;
    }

    [IterationSetup(Target = nameof(Check_in))]
    public void SetUpCheckIn()
    {
        SetUp();
        _tokens =
        [
            .. Enumerable
                .Range(0, Invocations)
                .Select(i => _fixture!.Allocate(i % Doctors, i / Doctors % 8, TokenSource.Online).Token.Id),
        ];
    }

    [Benchmark]
    public async ValueTask<Token?> Check_in()
    {
        var result = await _engine.ChangeStatusAsync(new ChangeTokenStatus(_tokens[_next++], TokenStatus.CheckedIn));
        if (!result.IsSuccess || result.Value.Token.Status != TokenStatus.CheckedIn)
        {
            _unexpected++;
            return null;
        }

        return result.Value.Token;
    }

    [IterationCleanup]
    public void CleanUp()
    {
        var unexpected = _unexpected;
        _fixture?.Dispose();
        _fixture = null;
        _database?.Dispose();
        _database = null;
        if (unexpected > 0)
        {
            throw new InvalidOperationException($"{unexpected} commands on the {Store} store did not work.");
        }
    }

    [GlobalCleanup]
    public void Stop()
    {
        _server?.Dispose();
        _server = null;
    }

    private void SetUp()
    {
        _database = _server!.NewDatabase();
        _fixture = EngineFixture.Create(Doctors, 8, 20, store: _database.Open());
        _engine = _fixture.Engine;
        _next = 0;
        _unexpected = 0;
    }
}
