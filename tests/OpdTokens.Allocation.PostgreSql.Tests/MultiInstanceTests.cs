using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Testing;
using Xunit.Abstractions;

namespace OpdTokens.Allocation.PostgreSql.Tests;

/// <summary>Two app instances (two service providers, each with its engine and store) on one PostgreSQL database.</summary>
[Collection(SharedPostgres.Name)]
public sealed class MultiInstanceTests(PostgresFixture postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 6, 0, 0, TimeSpan.Zero);

    private readonly string _schema = PostgresFixture.NewSchemaName();
    private readonly ManualTimeProvider _clock = new(Start);
    private readonly List<ServiceProvider> _instances = [];

    private DateOnly Day => DateOnly.FromDateTime(Start.DateTime);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        await postgres.DropSchemaAsync(_schema);
    }

    [Fact]
    public async Task Two_instances_hammering_the_same_doctors_leave_a_database_that_keeps_every_invariant()
    {
        var engines = new[] { StartInstance(), StartInstance() };
        var doctors = new List<DoctorId>();
        for (var d = 0; d < 3; d++)
        {
            var doctor = Must(await engines[0].RegisterDoctorAsync(new RegisterDoctor("Dr. " + d, "General")));
            doctors.Add(doctor.Id);
            for (var hour = 9; hour < 12; hour++)
            {
                Must(await engines[d % 2].AddSlotAsync(new AddSlot(doctor.Id, Day, new(hour, 0), new(hour + 1, 0), 3)));
            }
        }

        var known = new ConcurrentQueue<TokenId>();
        var created = new ConcurrentDictionary<TokenId, string>();
        var terminal = new ConcurrentDictionary<TokenId, TokenStatus>();
        var refused = new ConcurrentBag<AllocationErrorCode>();
        TokenStatus[] moves =
        [
            TokenStatus.CheckedIn,
            TokenStatus.Consulting,
            TokenStatus.Completed,
            TokenStatus.NoShow,
        ];
        TokenSource[] sources = [.. Enum.GetValues<TokenSource>()];

        async Task WorkAsync(int worker)
        {
            var random = new Random(worker);
            var engine = engines[worker % 2];
            for (var n = 0; n < 30; n++)
            {
                var roll = random.NextDouble();
                var pick = known.ElementAtOrDefault(random.Next(Math.Max(1, known.Count)));
                if (roll < 0.5 || pick == default)
                {
                    var doctor = doctors[random.Next(doctors.Count)];
                    var request = new AllocateToken(
                        doctor,
                        new Patient($"W{worker}-{n}"),
                        sources[random.Next(sources.Length)]
                    )
                    {
                        Date = Day,
                        PreferredSlotId =
                            random.Next(2) == 0 ? null : new SlotId(new PartitionKey(doctor, Day), random.Next(1, 4)),
                    };
                    var result = await engine.AllocateAsync(request);
                    if (Record(result, refused) is { } allocated)
                    {
                        created[allocated.Token.Id] = allocated.Token.Number;
                        known.Enqueue(allocated.Token.Id);
                    }
                }
                else
                {
                    var to = roll < 0.7 ? TokenStatus.Cancelled : moves[random.Next(moves.Length)];
                    var result = await engine.ChangeStatusAsync(new ChangeTokenStatus(pick, to) { Reason = "Hammer" });
                    if (Record(result, refused) is { } changed && changed.Token.Status.IsTerminal())
                    {
                        terminal[changed.Token.Id] = changed.Token.Status;
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 6).Select(w => Task.Run(() => WorkAsync(w))));

        await using var fresh = new PostgreSqlStateStore(postgres.ConnectionString, _schema);
        var days = new List<DoctorDay>();
        foreach (var key in await fresh.ListPartitionsAsync(Day, CancellationToken.None))
        {
            var day = (await fresh.LoadPartitionAsync(key, CancellationToken.None))!;
            DoctorDayAssert.KeepsInvariants(day, 1, _clock.GetUtcNow());
            days.Add(day);
        }

        var stored = days.SelectMany(d => d.Tokens).ToDictionary(t => t.Id);
        Assert.Equal(3, days.Count);
        Assert.Equal(created.Count, stored.Count);
        Assert.All(created, c => Assert.Equal(c.Value, stored[c.Key].Number));
        Assert.All(terminal, t => Assert.Equal(t.Value, stored[t.Key].Status));
        Assert.All(
            refused,
            code => Assert.Contains(code, new[] { AllocationErrorCode.InvalidTransition, AllocationErrorCode.Conflict })
        );
        output.WriteLine(
            $"{created.Count} tokens, {terminal.Count} terminal moves, {refused.Count} refused "
                + $"({refused.Count(c => c == AllocationErrorCode.Conflict)} conflicts after retries)"
        );
    }

    [Fact]
    public async Task Requests_for_one_slot_from_two_instances_seat_exactly_its_capacity()
    {
        const int Capacity = 5;
        const int Requests = 40;
        var engines = new[] { StartInstance(), StartInstance() };
        var doctor = Must(await engines[0].RegisterDoctorAsync(new RegisterDoctor("Dr. Busy", "General")));
        var slot = Must(
            await engines[1].AddSlotAsync(new AddSlot(doctor.Id, Day, new(9, 0), new(10, 0), Capacity))
        ).Slot;

        var results = await Task.WhenAll(
            Enumerable
                .Range(0, Requests)
                .Select(i =>
                    Task.Run(() =>
                        AllocateRetryingConflictsAsync(
                            engines[i % 2],
                            new AllocateToken(doctor.Id, new Patient("Patient " + i), TokenSource.WalkIn)
                            {
                                PreferredSlotId = slot.Id,
                                IdempotencyKey = "request-" + i,
                            }
                        )
                    )
                )
        );

        Assert.Equal(Capacity, results.Count(r => r.Outcome == AllocationOutcome.Allocated));
        Assert.Equal(Requests - Capacity, results.Count(r => r.Outcome == AllocationOutcome.Waitlisted));
        await using var fresh = new PostgreSqlStateStore(postgres.ConnectionString, _schema);
        var day = (await fresh.LoadPartitionAsync(slot.Id.Partition, CancellationToken.None))!;
        Assert.Equal(Capacity, day.GetOccupancy(slot.Id));
        Assert.Equal(Requests, day.Tokens.Count);
        Assert.Equal(Requests - Capacity, day.Waitlist.Count);
        Assert.Equal(
            results.Where(r => r.Outcome == AllocationOutcome.Allocated).Select(r => r.Token.Sequence).Order(),
            day.GetQueue(slot.Id).Select(t => t.Sequence).Order()
        );
        DoctorDayAssert.KeepsInvariants(day, 1, _clock.GetUtcNow());
    }

    [Fact]
    public async Task Instances_registering_at_once_draw_distinct_generated_doctor_ids()
    {
        var first = StartInstance();
        // The second instance reads the registry, then the first registers a doctor before the second saves: the
        // second's generated id is taken, so it reloads and draws the next one instead of failing.
        var second = StartInstance(store => new RegistryRace(
            store,
            () => first.RegisterDoctorAsync(new RegisterDoctor("Dr. First", "General")).AsTask()
        ));

        var drawn = Must(await second.RegisterDoctorAsync(new RegisterDoctor("Dr. Second", "General")));

        await using var fresh = new PostgreSqlStateStore(postgres.ConnectionString, _schema);
        var doctors = await fresh.LoadDoctorsAsync(CancellationToken.None);
        Assert.Equal(new[] { "D1", "D2" }, doctors.Select(d => d.Id.Value));
        Assert.Equal("D2", drawn.Id.Value);
        Assert.Equal("Dr. First", doctors[0].Name);
    }

    private IAllocationEngine StartInstance(Func<IStateStore, IStateStore>? decorate = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_clock);
        var builder = services.AddOpdTokenAllocation();
        if (decorate is null)
        {
            builder.UsePostgreSqlStore(postgres.ConnectionString, _schema);
        }
        else
        {
            builder.UseStateStore(_ => decorate(new PostgreSqlStateStore(postgres.ConnectionString, _schema)));
        }

        var provider = services.BuildServiceProvider();
        _instances.Add(provider);
        return provider.GetRequiredService<IAllocationEngine>();
    }

    private static async Task<AllocationResult> AllocateRetryingConflictsAsync(
        IAllocationEngine engine,
        AllocateToken request
    )
    {
        // What a client does with a Conflict result: try again; the idempotency key makes that safe.
        for (var attempt = 0; ; attempt++)
        {
            var result = await engine.AllocateAsync(request);
            if (result.IsSuccess || result.Error.Code != AllocationErrorCode.Conflict || attempt == 20)
            {
                return Must(result);
            }
        }
    }

    private static T? Record<T>(CommandResult<T> result, ConcurrentBag<AllocationErrorCode> refused)
        where T : class
    {
        if (!result.IsSuccess)
        {
            refused.Add(result.Error.Code);
        }

        return result.Value;
    }

    private static T Must<T>(CommandResult<T> result)
        where T : class => result.GetValueOrThrow();

    /// <summary>A store that lets another instance act right after the registry was first read.</summary>
    private sealed class RegistryRace(IStateStore inner, Func<Task> inBetween) : IStateStore, IAsyncDisposable
    {
        private int _reads;

        public async ValueTask<ImmutableArray<Doctor>> LoadDoctorsAsync(CancellationToken cancellationToken)
        {
            var doctors = await inner.LoadDoctorsAsync(cancellationToken);
            if (Interlocked.Increment(ref _reads) == 1)
            {
                await inBetween();
            }

            return doctors;
        }

        public ValueTask<DoctorDay?> LoadPartitionAsync(PartitionKey partition, CancellationToken cancellationToken) =>
            inner.LoadPartitionAsync(partition, cancellationToken);

        public ValueTask CommitAsync(PartitionChange change, CancellationToken cancellationToken) =>
            inner.CommitAsync(change, cancellationToken);

        public ValueTask<ImmutableArray<PartitionKey>> ListPartitionsAsync(
            DateOnly? onDate,
            CancellationToken cancellationToken
        ) => inner.ListPartitionsAsync(onDate, cancellationToken);

        public ValueTask SaveDoctorAsync(Doctor doctor, bool isNew, CancellationToken cancellationToken) =>
            inner.SaveDoctorAsync(doctor, isNew, cancellationToken);

        public ValueTask DisposeAsync() => ((IAsyncDisposable)inner).DisposeAsync();
    }
}
