using System.Collections.Immutable;
using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Testing;
using Xunit.Abstractions;

namespace OpdTokens.Allocation.PostgreSql.Tests;

/// <summary>A dead letter retried at the moment two instances lease its doctor-day: the retry puts it back at the
/// head of a stream, which must never leave the stream in two owners' hands at once.</summary>
[Collection(SharedPostgres.Name)]
public sealed class OutboxLeaseRaceTests(PostgresFixture postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Rounds = 120;

    private readonly string _schema = PostgresFixture.NewSchemaName();
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 11, 21, 6, 0, 0, TimeSpan.Zero));

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => postgres.DropSchemaAsync(_schema);

    [Fact]
    public async Task A_dead_letter_retried_while_two_owners_lease_never_gives_its_doctor_day_to_both()
    {
        await using var writer = new PostgreSqlStateStore(postgres.ConnectionString, _schema);
        writer.EnableOutbox();
        using var engine = new AllocationEngine(new OpdTokenAllocationOptions(), writer, timeProvider: _clock);
        var doctor = (await engine.RegisterDoctorAsync(new RegisterDoctor("Dr. Race", "General"))).GetValueOrThrow();
        var day = DateOnly.FromDateTime(_clock.GetUtcNow().Date);
        var slot = (await engine.AddSlotAsync(new AddSlot(doctor.Id, day, new(9, 0), new(17, 0), 100)))
            .GetValueOrThrow()
            .Slot;
        for (var i = 0; i < 6; i++)
        {
            (
                await engine.AllocateAsync(
                    new AllocateToken(doctor.Id, new Patient("Patient " + i), TokenSource.WalkIn)
                    {
                        PreferredSlotId = slot.Id,
                    }
                )
            ).GetValueOrThrow();
        }

        // Three instances: two dispatchers and an admin retrying the stream's first event.
        await using var first = new PostgreSqlStateStore(postgres.ConnectionString, _schema);
        await using var second = new PostgreSqlStateStore(postgres.ConnectionString, _schema);
        await using var admin = new PostgreSqlStateStore(postgres.ConnectionString, _schema);
        var now = _clock.GetUtcNow();
        var head = Assert.Single(await first.LeaseAsync("first", 1, 1, now, now.AddSeconds(1), default));
        var both = 0;
        var single = 0;
        for (var round = 0; round < Rounds; round++)
        {
            // Each round starts with the head dead and nothing leased; the rounds' leases never overlap in time.
            now = now.AddMinutes(1);
            Assert.True(await first.DeadLetterAsync(head.Id, now, "Gone", default));
            var until = now.AddSeconds(30);
            using var start = new Barrier(3);
            var leases = await Task.WhenAll(
                Task.Run(async () =>
                {
                    start.SignalAndWait();
                    return await first.LeaseAsync("first", 1, 2, now, until, default);
                }),
                Task.Run(async () =>
                {
                    start.SignalAndWait();
                    Assert.True(await admin.RetryDeadLetterAsync(head.Id, now, default));
                    return ImmutableArray<OutboxEntry>.Empty;
                }),
                Task.Run(async () =>
                {
                    start.SignalAndWait();
                    return await second.LeaseAsync("second", 1, 2, now, until, default);
                })
            );

            var firstGot = leases[0];
            var secondGot = leases[2];
            both += !firstGot.IsEmpty && !secondGot.IsEmpty ? 1 : 0;
            single += firstGot.IsEmpty == secondGot.IsEmpty ? 0 : 1;
            Assert.False(
                !firstGot.IsEmpty && !secondGot.IsEmpty,
                $"Round {round}: both owners leased the doctor-day: {string.Join(", ", firstGot.Select(e => e.Id))} "
                    + $"and {string.Join(", ", secondGot.Select(e => e.Id))}."
            );

            // Whoever leased gives the stream back through a failure due at once, leaving the head pending.
            foreach (var (owner, got) in new[] { ("first", firstGot), ("second", secondGot) })
            {
                if (!got.IsEmpty)
                {
                    Assert.True(await first.RecordFailureAsync(owner, got[0].Id, now, "Round over", default));
                }
            }
        }

        output.WriteLine($"{Rounds} rounds, {single} leased by one owner, {both} by both");
    }
}
