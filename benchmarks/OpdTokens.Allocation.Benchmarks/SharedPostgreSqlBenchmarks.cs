using BenchmarkDotNet.Attributes;
using OpdTokens.Allocation.Benchmarks.Columns;
using OpdTokens.Allocation.Benchmarks.Fixtures;

namespace OpdTokens.Allocation.Benchmarks;

/// <summary>Commits per second on one PostgreSQL database: one engine instance with one client (the baseline), one
/// instance with two concurrent clients, and two instances (two <see cref="AllocationEngine"/>s, each with its own
/// <c>PostgreSqlStateStore</c> and connection pool, as two app servers) with a client each; the two clients work on
/// different doctors or on the same doctors.</summary>
/// <remarks>
/// <para>A client sends <see cref="PerClient"/> allocation requests one after another, round-robin over 8 doctors
/// (4 slots x 20 seats each); in the same-doctor cases both clients share the first client's doctors. Every request
/// is one committed allocation, and the mean is per allocation (<c>OperationsPerInvoke</c> counts every client's
/// requests), so <c>Commits/s</c> is 1 / mean.</para>
/// <para>Within one instance, commands on one doctor-day queue on its stripe lock, so the same doctors cost no
/// conflicts. Two instances only meet in the database: an instance's commit is refused when the other one has
/// committed to the doctor-day since its cached snapshot, and the engine reloads the day and runs the command again.
/// <c>Conflicts/commit</c> counts those refusals (the engines' conflict metric). The engines allow 20 retries instead
/// of the default 3 so that no request gives up under this deliberate contention; a request that still fails fails
/// the benchmark.</para>
/// <para>Each iteration starts from a new schema, with every doctor registered and every doctor-day cached by both
/// instances (built in <c>[IterationSetup]</c>, not timed). The PostgreSQL server is described in
/// <see cref="StoreServer"/>.</para>
/// </remarks>
[MemoryDiagnoser]
[InvocationCount(Invocations)]
[Config(typeof(SharedPostgreSqlConfig))]
public class SharedPostgreSqlBenchmarks
{
    public const int Invocations = 2;
    public const int PerClient = 128;
    private const int DoctorsPerClient = 8;
    private const int Slots = 4;

    private StoreServer? _server;
    private ConflictCounter? _conflictCounter;
    private BenchmarkDatabase? _database;
    private EngineFixture? _fixture;
    private AllocationEngine? _secondInstance;
    private IAllocationEngine _first = null!;
    private IAllocationEngine _second = null!;

    /// <summary>Per invocation, per client: the requests on the client's own doctors.</summary>
    private AllocateToken[][][] _ownDoctors = [];

    /// <summary>Per invocation, per client: the requests on the first client's doctors.</summary>
    private AllocateToken[][][] _sharedDoctors = [];

    private int _next;
    private long _commits;
    private int _failures;

    /// <summary>Starts the server. No <see cref="JitWarmUp"/>: an iteration is hundreds of commits of about a
    /// millisecond, so tiered compilation is done within the warm-up iterations, and the engine's microseconds do not
    /// show next to the round trips anyway.</summary>
    [GlobalSetup]
    public void Start()
    {
        _server = StoreServer.Start(StoreKind.PostgreSql);
        _conflictCounter = new ConflictCounter();
    }

    [IterationSetup]
    public void SetUp()
    {
        var options = new OpdTokenAllocationOptions { MaxConflictRetries = 20 };
        var clock = new FrozenClock(EngineFixture.Start);
        _database = _server!.NewDatabase();
        _fixture = EngineFixture.Create(
            Invocations * 2 * DoctorsPerClient,
            Slots,
            20,
            options,
            clock,
            _database.Open()
        );
        _first = _fixture.Engine;
        _secondInstance = new AllocationEngine(options, _database.Open(), timeProvider: clock);
        _second = _secondInstance;
        // The second instance loads the registry and every doctor-day now, as a running app server would have.
        EngineFixture.Wait(_second.GetDoctorsAsync());
        for (var d = 0; d < _fixture.DoctorCount; d++)
        {
            EngineFixture.Wait(_second.GetDoctorDayAsync(_fixture.Partition(d)));
        }

        _ownDoctors = [.. Enumerable.Range(0, Invocations).Select(k => new[] { Requests(k, 0), Requests(k, 1) })];
        _sharedDoctors = [.. Enumerable.Range(0, Invocations).Select(k => new[] { Requests(k, 0), Requests(k, 0) })];
        _next = 0;
        _failures = 0;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = PerClient)]
    public Task One_instance() => Task.Run(() => AllocateAllAsync(_first, _ownDoctors[_next++][0]));

    [Benchmark(OperationsPerInvoke = 2 * PerClient)]
    public Task One_instance_two_clients_on_different_doctors() => Clients(_first, _first, _ownDoctors[_next++]);

    [Benchmark(OperationsPerInvoke = 2 * PerClient)]
    public Task One_instance_two_clients_on_the_same_doctors() => Clients(_first, _first, _sharedDoctors[_next++]);

    [Benchmark(OperationsPerInvoke = 2 * PerClient)]
    public Task Two_instances_on_different_doctors() => Clients(_first, _second, _ownDoctors[_next++]);

    [Benchmark(OperationsPerInvoke = 2 * PerClient)]
    public Task Two_instances_on_the_same_doctors() => Clients(_first, _second, _sharedDoctors[_next++]);

    [IterationCleanup]
    public void CleanUp()
    {
        var failures = _failures;
        _secondInstance?.Dispose();
        _secondInstance = null;
        _fixture?.Dispose();
        _fixture = null;
        _database?.Dispose();
        _database = null;
        if (failures > 0)
        {
            throw new InvalidOperationException($"{failures} allocations failed.");
        }
    }

    [GlobalCleanup]
    public void Stop()
    {
        if (_conflictCounter is not null)
        {
            Console.WriteLine(
                ConflictsColumn.Prefix + $"{_conflictCounter.Conflicts} {Interlocked.Read(ref _commits)}"
            );
            _conflictCounter.Dispose();
            _conflictCounter = null;
        }

        _server?.Dispose();
        _server = null;
    }

    private Task Clients(IAllocationEngine first, IAllocationEngine second, AllocateToken[][] requests) =>
        Task.WhenAll(
            Task.Run(() => AllocateAllAsync(first, requests[0])),
            Task.Run(() => AllocateAllAsync(second, requests[1]))
        );

    private async Task AllocateAllAsync(IAllocationEngine engine, AllocateToken[] requests)
    {
        foreach (var request in requests)
        {
            var result = await engine.AllocateAsync(request);
            if (result.IsSuccess && result.Value.Outcome == AllocationOutcome.Allocated)
            {
                Interlocked.Increment(ref _commits);
            }
            else
            {
                Interlocked.Increment(ref _failures);
            }
        }
    }

    /// <summary>A client's requests: round-robin over its 8 doctors, 4 per doctor and slot.</summary>
    private AllocateToken[] Requests(int invocation, int client)
    {
        var first = ((invocation * 2) + client) * DoctorsPerClient;
        return
        [
            .. Enumerable
                .Range(0, PerClient)
                .Select(j =>
                    _fixture!.Request(first + (j % DoctorsPerClient), j / DoctorsPerClient % Slots, TokenSource.Online)
                ),
        ];
    }
}
