using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Tests.Receivers;
using Xunit.Abstractions;

namespace OpdTokens.Allocation.PostgreSql.Tests;

/// <summary>Two app instances on one PostgreSQL schema, each with its own store (data source), engine and outbox
/// dispatcher leasing under its own name, deliver to one webhook receiver on loopback while both run commands on the
/// same doctor-days: each event arrives once and in order per doctor-day; an instance killed with SIGKILL while it
/// holds leases loses nothing, as the other takes its streams over once the leases expire.</summary>
[Collection(SharedPostgres.Name)]
public sealed class NotificationMultiInstanceTests(PostgresFixture postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private const string CrashedOwner = "crashed";

    /// <summary>The crash host's lease (see its Program.cs): how long its streams wait after the kill.</summary>
    private static readonly TimeSpan CrashedLease = TimeSpan.FromSeconds(4);

    private static readonly PatientAttributes Consent = PatientAttributes.Create([
        new("notify", "yes"),
        new("lang", "en"),
    ]);

    private readonly string _schema = PostgresFixture.NewSchemaName();

    // Within the booking horizon of the real clock, which the dispatchers' leases run on.
    private readonly DateOnly _day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => postgres.DropSchemaAsync(_schema);

    [Fact]
    public async Task Two_dispatchers_on_one_database_deliver_each_event_once_in_order_per_doctor_day()
    {
        var watch = Stopwatch.StartNew();
        await using var receiver = new WebhookReceiver();
        receiver.Start();
        await using var first = await Instance.StartAsync(postgres.ConnectionString, _schema, "first", receiver, "a/");
        await using var second = await Instance.StartAsync(
            postgres.ConnectionString,
            _schema,
            "second",
            receiver,
            "b/"
        );
        var doctors = await RegisterDoctorsAsync(first.Engine, count: 4);

        // Both instances book and cancel on the same doctor-days at once: their commits interleave in every stream.
        using var forever = new CancellationTokenSource();
        var booked = await Task.WhenAll(
            Enumerable
                .Range(0, 6)
                .Select(w =>
                    Task.Run(() => BookAsync((w % 2 == 0 ? first : second).Engine, doctors, w, 40, forever.Token))
                )
        );

        var expected = await ExpectedAsync();
        Assert.True(
            await DrainedAsync(receiver, expected, TimeSpan.FromSeconds(30)),
            $"{receiver.Accepted.Select(r => r.Id).Distinct().Count()} of {expected.Count} events arrived"
        );
        // Nothing more arrives later: no instance sends an event again.
        await Task.Delay(TimeSpan.FromMilliseconds(600));

        var accepted = receiver.Accepted;
        var duplicates = accepted.GroupBy(r => r.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, "Delivered more than once: " + string.Join(", ", duplicates.Take(10)));
        Assert.Equal(expected.Order(), accepted.Select(r => r.Id).Order());
        AssertInOrderPerDoctorDay(accepted);
        var byFirst = accepted.Count(r => r.Path.EndsWith("/a/", StringComparison.Ordinal));
        var bySecond = accepted.Count(r => r.Path.EndsWith("/b/", StringComparison.Ordinal));
        Assert.Equal(accepted.Count, byFirst + bySecond);
        Assert.True(byFirst > 0 && bySecond > 0, $"One instance delivered everything: {byFirst} and {bySecond}.");
        Assert.Equal(0, receiver.Rejected);
        Assert.Equal(0, await first.Outbox.PendingAfterDrainAsync());
        output.WriteLine(
            $"{booked.Sum()} commands, {expected.Count} notifications: {byFirst} sent by the first instance, "
                + $"{bySecond} by the second, none twice; {watch.Elapsed.TotalSeconds:F1} s"
        );
    }

    [Fact]
    public async Task An_instance_killed_holding_leases_is_taken_over_when_they_expire_and_nothing_is_lost()
    {
        var watch = Stopwatch.StartNew();
        await using var receiver = new WebhookReceiver();
        receiver.Start();
        await using var survivor = await Instance.StartAsync(
            postgres.ConnectionString,
            _schema,
            "survivor",
            receiver,
            "survivor/"
        );
        var doctors = await RegisterDoctorsAsync(survivor.Engine, count: 3);
        var crashedPath = receiver.Url.AbsolutePath + "crashed/";

        using var crashHost = StartCrashHost(receiver, doctors);
        var crashHostErrors = crashHost.StandardError.ReadToEndAsync();
        var acks = 0;
        var reading = Task.Run(async () =>
        {
            while (await crashHost.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("ACK ", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref acks);
                }
            }
        });

        using var stopBooking = new CancellationTokenSource();
        var booking = Task.WhenAll(
            Enumerable
                .Range(0, 2)
                .Select(w => Task.Run(() => BookAsync(survivor.Engine, doctors, w, int.MaxValue, stopBooking.Token)))
        );
        try
        {
            // Steady state first: both instances deliver.
            Assert.True(
                await receiver.WaitForAsync(
                    r => r.Count(x => x.Path == crashedPath) >= 20 && r.Any(x => x.Path != crashedPath),
                    TimeSpan.FromSeconds(45)
                ),
                $"The instance to be killed delivered {receiver.Accepted.Count(x => x.Path == crashedPath)} events; "
                    + (crashHost.HasExited ? "it ended: " + await crashHostErrors : "it is running")
            );

            // Its next attempts hang, so it is surely holding leases when it is killed (well within its 2 s attempt
            // time-out, after which it would give them back).
            receiver.HoldPathPrefix = crashedPath;
            Assert.True(await WaitAsync(() => receiver.Held > 0, TimeSpan.FromSeconds(10)), "Nothing was held.");
            crashHost.Kill(); // SIGKILL: no shutdown, leases left as they are
            await crashHost.WaitForExitAsync();
            var killedAt = DateTimeOffset.UtcNow;
            var leftLeased = await LeasesOfAsync(CrashedOwner, killedAt);
            Assert.NotEmpty(leftLeased);
            Assert.All(leftLeased.Values, until => Assert.True(until <= killedAt + CrashedLease));

            // The survivor goes on committing to the same doctor-days, behind the dead instance's leases.
            await Task.Delay(TimeSpan.FromSeconds(1));
            await stopBooking.CancelAsync();
            await booking;

            var expected = await ExpectedAsync();
            Assert.True(
                await DrainedAsync(receiver, expected, TimeSpan.FromSeconds(30)),
                $"{receiver.Accepted.Select(r => r.Id).Distinct().Count()} of {expected.Count} events arrived"
            );
            receiver.ReleaseHeld();

            var accepted = receiver.Accepted;
            var first = accepted.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.First());
            var lost = expected.Except(first.Keys).ToList();
            Assert.True(lost.Count == 0, "Lost: " + string.Join(", ", lost.Take(10)));
            Assert.Empty(first.Keys.Except(expected));
            AssertInOrderPerDoctorDay(accepted);
            // What the dead instance had leased was delivered by the survivor, and not before the lease ended. The dead
            // instance may have sent one of them just before the kill without marking it delivered (at least once):
            // its copy can then arrive first, so the survivor's is looked for among all deliveries.
            var bySurvivor = accepted
                .Where(r => r.Path != crashedPath)
                .GroupBy(r => r.Id)
                .ToDictionary(g => g.Key, g => g.MinBy(r => r.At)!);
            foreach (var (id, leaseUntil) in leftLeased)
            {
                Assert.True(bySurvivor.TryGetValue(id, out var delivery), $"{id} was never delivered by the survivor.");
                Assert.True(
                    delivery.At >= leaseUntil,
                    $"{id} was delivered at {delivery.At:O}, before the lease ended at {leaseUntil:O}."
                );
            }

            // A duplicate is only possible for an event the dead instance sent but could not mark delivered.
            var duplicates = accepted.GroupBy(r => r.Id).Where(g => g.Count() > 1).ToList();
            Assert.All(duplicates, d => Assert.Equal(crashedPath, d.First().Path));
            Assert.Equal(0, receiver.Rejected);
            Assert.Equal(0, await survivor.Outbox.PendingAfterDrainAsync());
            var takeOver = leftLeased.Keys.Min(id => bySurvivor[id].At) - killedAt;
            output.WriteLine(
                $"{Volatile.Read(ref acks)} commits acknowledged by the killed instance; {expected.Count} notifications, "
                    + $"{accepted.Count(r => r.Path == crashedPath)} sent by it, the rest by the survivor; "
                    + $"{leftLeased.Count} events leased at the kill, taken over {takeOver.TotalSeconds:F1} s after it; "
                    + $"{duplicates.Count} duplicates; {watch.Elapsed.TotalSeconds:F1} s"
            );
        }
        finally
        {
            await stopBooking.CancelAsync();
            if (!crashHost.HasExited)
            {
                crashHost.Kill();
            }

            await crashHost.WaitForExitAsync();
            await reading;
            receiver.ReleaseHeld();
        }
    }

    /// <summary>Each doctor-day's events arrive in their order: the first arrival of each id comes after the first
    /// arrival of every earlier id of its doctor-day.</summary>
    private static void AssertInOrderPerDoctorDay(IReadOnlyList<WebhookReceiver.Received> accepted)
    {
        foreach (var day in accepted.GroupBy(r => r.Id.Partition))
        {
            var firstArrivals = day.Select(r => r.Id).Distinct().ToList();
            Assert.Equal(firstArrivals.Order(), firstArrivals);
        }
    }

    private static async Task<bool> DrainedAsync(
        WebhookReceiver receiver,
        IReadOnlyCollection<AllocationEventId> expected,
        TimeSpan timeout
    ) => await receiver.WaitForAsync(r => r.Select(x => x.Id).Distinct().Count() >= expected.Count, timeout);

    private static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!condition() && DateTime.UtcNow < until)
        {
            await Task.Delay(10);
        }

        return condition();
    }

    private async Task<List<DoctorId>> RegisterDoctorsAsync(IAllocationEngine engine, int count)
    {
        var doctors = new List<DoctorId>();
        for (var d = 1; d <= count; d++)
        {
            var doctor = (
                await engine.RegisterDoctorAsync(new RegisterDoctor("Dr. Lease " + d, "General"))
            ).GetValueOrThrow();
            for (var hour = 8; hour < 18; hour++)
            {
                (
                    await engine.AddSlotAsync(new AddSlot(doctor.Id, _day, new(hour, 0), new(hour + 1, 0), 200))
                ).GetValueOrThrow();
            }

            doctors.Add(doctor.Id);
        }

        return doctors;
    }

    /// <summary>Books for consenting patients and cancels some of the tokens booked, until the count or the token
    /// stops it; a command refused after the engine's conflict retries commits nothing and is skipped.</summary>
    /// <returns>How many commands committed.</returns>
    private async Task<int> BookAsync(
        IAllocationEngine engine,
        List<DoctorId> doctors,
        int worker,
        int commands,
        CancellationToken stop
    )
    {
        var random = new Random(worker);
        var mine = new List<TokenId>();
        var committed = 0;
        for (var n = 0; n < commands && !stop.IsCancellationRequested; n++)
        {
            if (n % 4 == 3 && mine.Count > 0)
            {
                var token = mine[random.Next(mine.Count)];
                mine.Remove(token);
                var cancelled = await engine.ChangeStatusAsync(
                    new ChangeTokenStatus(token, TokenStatus.Cancelled),
                    CancellationToken.None
                );
                committed += cancelled.IsSuccess ? 1 : 0;
            }
            else
            {
                var patient = new Patient(
                    $"Patient {worker}-{n}",
                    "+91 98450 " + (10000 + n % 90000).ToString(CultureInfo.InvariantCulture)
                )
                {
                    Attributes = Consent,
                };
                var result = await engine.AllocateAsync(
                    new AllocateToken(doctors[random.Next(doctors.Count)], patient, TokenSource.WalkIn) { Date = _day },
                    CancellationToken.None
                );
                if (result.IsSuccess)
                {
                    mine.Add(result.Value.Token.Id);
                    committed++;
                }
            }

            if (commands == int.MaxValue)
            {
                // Paced while it runs against the clock, so the outbox does not race ahead of the dispatchers.
                await Task.Delay(5, CancellationToken.None);
            }
        }

        return committed;
    }

    /// <summary>The ids of the stored events that notify a patient (bookings and cancellations; every patient
    /// consents and has a phone), read from the database.</summary>
    private async Task<HashSet<AllocationEventId>> ExpectedAsync()
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"""
            SELECT doctor_id, date, version, sequence FROM "{_schema}".outbox
            WHERE kind IN ('token_allocated', 'token_cancelled')
            """,
            connection
        );
        var ids = new HashSet<AllocationEventId>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(
                new AllocationEventId(
                    new PartitionKey(new DoctorId(reader.GetString(0)), reader.GetFieldValue<DateOnly>(1)),
                    reader.GetInt64(2),
                    reader.GetInt32(3)
                )
            );
        }

        return ids;
    }

    /// <summary>The pending events an owner holds a lease on that has not ended, with the lease's end.</summary>
    private async Task<Dictionary<AllocationEventId, DateTimeOffset>> LeasesOfAsync(string owner, DateTimeOffset now)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"""
            SELECT doctor_id, date, version, sequence, lease_until FROM "{_schema}".outbox
            WHERE state = 0 AND lease_owner = @owner AND lease_until > @now
            """,
            connection
        );
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("now", now.UtcTicks);
        var leases = new Dictionary<AllocationEventId, DateTimeOffset>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var id = new AllocationEventId(
                new PartitionKey(new DoctorId(reader.GetString(0)), reader.GetFieldValue<DateOnly>(1)),
                reader.GetInt64(2),
                reader.GetInt32(3)
            );
            leases[id] = new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero);
        }

        return leases;
    }

    /// <summary>Starts the crash host as a separate process, leasing as <see cref="CrashedOwner"/> and sending to the
    /// receiver's <c>crashed/</c> path, and waits until it is ready.</summary>
    private Process StartCrashHost(WebhookReceiver receiver, List<DoctorId> doctors)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                Path.Combine(AppContext.BaseDirectory, "OpdTokens.Allocation.PostgreSql.CrashHost.dll"),
                postgres.ConnectionString,
                _schema,
                _day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                new Uri(receiver.Url, "crashed/").ToString(),
                WebhookReceiver.Secret,
                CrashedOwner,
                string.Join(',', doctors.Select(d => d.Value)),
            },
        };
        return Process.Start(start) ?? throw new InvalidOperationException("The crash host did not start.");
    }

    /// <summary>An app instance in this process: its own host, store, engine and dispatcher, leasing under its own
    /// name with a lease long enough that it never expires while the instance is alive.</summary>
    private sealed class Instance(IHost host) : IAsyncDisposable
    {
        public IAllocationEngine Engine { get; } = host.Services.GetRequiredService<IAllocationEngine>();

        public IOutboxStore Outbox { get; } = (IOutboxStore)host.Services.GetRequiredService<IStateStore>();

        public static async Task<Instance> StartAsync(
            string connectionString,
            string schema,
            string owner,
            WebhookReceiver receiver,
            string path
        )
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder
                .Services.AddOpdTokenAllocation(o => o.TimeZoneId = "UTC")
                .UsePostgreSqlStore(connectionString, schema)
                .AddNotifications(o =>
                {
                    o.InstanceId = owner;
                    o.LeaseDuration = TimeSpan.FromSeconds(20);
                    o.AttemptTimeout = TimeSpan.FromSeconds(2);
                    o.PollInterval = TimeSpan.FromMilliseconds(50);
                    o.RetryBaseDelay = TimeSpan.FromMilliseconds(50);
                    o.RetryMaxDelay = TimeSpan.FromMilliseconds(500);
                    o.MaxAttempts = 100;
                })
                .AddWebhookChannel(o =>
                {
                    o.Url = new Uri(receiver.Url, path);
                    o.Secret = WebhookReceiver.Secret;
                });
            var host = builder.Build();
            await host.StartAsync();
            return new Instance(host);
        }

        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            host.Dispose();
        }
    }
}
