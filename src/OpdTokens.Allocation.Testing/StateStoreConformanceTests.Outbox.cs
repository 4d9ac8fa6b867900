using System.Collections.Concurrent;
using System.Collections.Immutable;
using OpdTokens.Allocation.Storage;

namespace OpdTokens.Allocation.Testing;

// Checks of the transactional outbox (IOutboxStore). A store without an outbox passes them without running them: the
// interface is optional. The events come from a real engine, so ids, order and payloads are the engine's.
internal sealed partial class StateStoreConformanceTests
{
    private const string OwnerA = "conformance-a";
    private const string OwnerB = "conformance-b";

    /// <summary>A commit before <see cref="IOutboxStore.EnableOutbox"/> keeps no events; after it, every committed
    /// event is in the outbox with its id, in order, as the engine raised it; a refused change adds none.</summary>
    /// <returns>A task that completes when the check has passed.</returns>
    [ConformanceCheck]
    public async Task Committed_events_enter_the_outbox_in_order_with_their_ids_and_a_refused_change_adds_none()
    {
        if (Store is not IOutboxStore outbox)
        {
            return;
        }

        var engine = CreateEngine(Store);
        await SeedDayAsync(engine, "O0", tokens: 1);
        Assert.Equal(new OutboxCounts(0, 0, 0), await outbox.CountOutboxAsync(CancellationToken.None));

        outbox.EnableOutbox();
        Assert.True(outbox.IsOutboxEnabled);
        var raised = new ConcurrentQueue<AllocationEvent>();
        using var subscription = engine.Subscribe(new Collector(raised));
        var key = await SeedDayAsync(engine, "O1", tokens: 3);
        var stale = ConformanceScenario.EditOf(await LoadAsync(Store, key), 1, "Stale patient");
        Assert.False(await TryCommitAsync(Store, stale));

        var reader = OutboxOf(await OpenAgainAsync(Store));
        var leased = await reader.LeaseAsync(
            OwnerA,
            10,
            100,
            Clock.GetUtcNow(),
            Clock.GetUtcNow().AddMinutes(1),
            default
        );
        Assert.Equal(raised.Select(AllocationEventId.Of), leased.Select(e => e.Id));
        Assert.Equal(raised, leased.Select(e => e.Event));
        Assert.Equal(4, leased.Length);
        Assert.All(leased, e => Assert.Equal(0, e.Attempts));
        Assert.Equal(new OutboxCounts(4, 0, 0), await reader.CountOutboxAsync(CancellationToken.None));
    }

    /// <summary>A leased stream is not leased to anyone, its owner included, until its lease ends; then another owner
    /// takes it over, as after a crash.</summary>
    /// <returns>A task that completes when the check has passed.</returns>
    [ConformanceCheck]
    public async Task A_leased_doctor_day_is_leased_again_only_after_its_lease_ends()
    {
        if (Store is not IOutboxStore outbox)
        {
            return;
        }

        outbox.EnableOutbox();
        var engine = CreateEngine(Store);
        await SeedDayAsync(engine, "O1", tokens: 2);
        var now = Clock.GetUtcNow();

        var first = await outbox.LeaseAsync(OwnerA, 10, 100, now, now.AddMinutes(1), default);
        Assert.Equal(3, first.Length);
        Assert.Empty(await outbox.LeaseAsync(OwnerB, 10, 100, now.AddSeconds(59), now.AddMinutes(2), default));
        Assert.Empty(await outbox.LeaseAsync(OwnerA, 10, 100, now.AddSeconds(59), now.AddMinutes(2), default));

        var takenOver = await OutboxOf(await OpenAgainAsync(Store))
            .LeaseAsync(OwnerB, 10, 100, now.AddMinutes(1), now.AddMinutes(2), default);
        Assert.Equal(first.Select(e => e.Id), takenOver.Select(e => e.Id));
    }

    /// <summary>A lease takes the first entries of each due doctor-day, at most the limits asked for, oldest due
    /// first.</summary>
    /// <returns>A task that completes when the check has passed.</returns>
    [ConformanceCheck]
    public async Task A_lease_takes_at_most_the_asked_doctor_days_and_the_first_entries_of_each()
    {
        if (Store is not IOutboxStore outbox)
        {
            return;
        }

        outbox.EnableOutbox();
        var engine = CreateEngine(Store);
        var keys = new List<PartitionKey>();
        for (var i = 1; i <= 3; i++)
        {
            keys.Add(await SeedDayAsync(engine, "L" + i, tokens: 3));
        }

        var now = Clock.GetUtcNow();
        var leased = await outbox.LeaseAsync(OwnerA, 2, 2, now, now.AddMinutes(1), default);

        Assert.Equal(4, leased.Length);
        Assert.Equal(2, leased.Select(e => e.Id.Partition).Distinct().Count());
        foreach (var day in leased.GroupBy(e => e.Id.Partition))
        {
            Assert.Equal(new long[] { 1, 2 }, day.Select(e => e.Id.Version));
        }

        var rest = await outbox.LeaseAsync(OwnerB, 10, 10, now, now.AddMinutes(1), default);
        Assert.Equal(4, rest.Length);
        Assert.Single(rest.Select(e => e.Id.Partition).Distinct());
    }

    /// <summary>A failed attempt counts, keeps its error, ends the owner's lease of the doctor-day and holds the stream
    /// back until its next attempt, while other doctor-days go on.</summary>
    /// <returns>A task that completes when the check has passed.</returns>
    [ConformanceCheck]
    public async Task A_failed_event_holds_back_its_doctor_day_until_its_next_attempt()
    {
        if (Store is not IOutboxStore outbox)
        {
            return;
        }

        outbox.EnableOutbox();
        var engine = CreateEngine(Store);
        var failing = await SeedDayAsync(engine, "F1", tokens: 2);
        var healthy = await SeedDayAsync(engine, "F2", tokens: 1);
        var now = Clock.GetUtcNow();
        var leased = await outbox.LeaseAsync(OwnerA, 10, 100, now, now.AddMinutes(1), default);
        var head = leased.First(e => e.Id.Partition == failing);

        Assert.True(
            await outbox.RecordFailureAsync(OwnerA, head.Id, now.AddSeconds(30), "Receiver answered 503", default)
        );
        var meanwhile = await outbox.LeaseAsync(OwnerB, 10, 100, now.AddSeconds(1), now.AddMinutes(1), default);
        Assert.Empty(meanwhile);

        foreach (var entry in leased.Where(e => e.Id.Partition == healthy))
        {
            Assert.True(await outbox.MarkDeliveredAsync(entry.Id, now.AddSeconds(1), default));
        }

        Assert.Empty(await outbox.LeaseAsync(OwnerB, 10, 100, now.AddSeconds(29), now.AddMinutes(1), default));
        var retried = await outbox.LeaseAsync(OwnerB, 10, 100, now.AddSeconds(30), now.AddMinutes(1), default);
        Assert.Equal(leased.Where(e => e.Id.Partition == failing).Select(e => e.Id), retried.Select(e => e.Id));
        Assert.Equal(1, retried[0].Attempts);
        Assert.Equal("Receiver answered 503", retried[0].LastError);
    }

    /// <summary>A delivered entry leaves its stream, is counted as delivered and is pruned only once its delivery is
    /// older than the cutoff; marking it again changes nothing.</summary>
    /// <returns>A task that completes when the check has passed.</returns>
    [ConformanceCheck]
    public async Task Delivered_events_leave_their_stream_and_are_pruned_after_the_cutoff()
    {
        if (Store is not IOutboxStore outbox)
        {
            return;
        }

        outbox.EnableOutbox();
        var engine = CreateEngine(Store);
        await SeedDayAsync(engine, "P1", tokens: 2);
        var now = Clock.GetUtcNow();
        var leased = await outbox.LeaseAsync(OwnerA, 10, 100, now, now.AddMinutes(1), default);
        var deliveredAt = now.AddSeconds(5);

        Assert.True(await outbox.MarkDeliveredAsync(leased[0].Id, deliveredAt, default));
        Assert.False(await outbox.MarkDeliveredAsync(leased[0].Id, deliveredAt, default));
        Assert.Equal(new OutboxCounts(2, 1, 0), await outbox.CountOutboxAsync(default));
        var next = await outbox.LeaseAsync(OwnerB, 10, 100, now.AddMinutes(1), now.AddMinutes(2), default);
        Assert.Equal(leased.Skip(1).Select(e => e.Id), next.Select(e => e.Id));

        Assert.Equal(0, await outbox.PruneDeliveredAsync(deliveredAt, default));
        Assert.Equal(1, await outbox.PruneDeliveredAsync(deliveredAt.AddTicks(1), default));
        Assert.Equal(new OutboxCounts(2, 0, 0), await OutboxOf(await OpenAgainAsync(Store)).CountOutboxAsync(default));
    }

    /// <summary>A dead letter leaves its stream (the next entry becomes due), is listed with its attempts and error,
    /// and once retried is pending again with no attempts; retrying an id that is no dead letter changes
    /// nothing.</summary>
    /// <returns>A task that completes when the check has passed.</returns>
    [ConformanceCheck]
    public async Task A_dead_letter_leaves_its_stream_is_listed_and_can_be_retried()
    {
        if (Store is not IOutboxStore outbox)
        {
            return;
        }

        outbox.EnableOutbox();
        var engine = CreateEngine(Store);
        await SeedDayAsync(engine, "D9", tokens: 1);
        var now = Clock.GetUtcNow();
        var leased = await outbox.LeaseAsync(OwnerA, 10, 100, now, now.AddMinutes(1), default);
        Assert.True(await outbox.RecordFailureAsync(OwnerA, leased[0].Id, now, "Timed out", default));

        Assert.True(await outbox.DeadLetterAsync(leased[0].Id, now.AddSeconds(1), "Receiver answered 410", default));
        var dead = Assert.Single(await outbox.ListDeadLettersAsync(10, null, default));
        Assert.Equal(leased[0].Id, dead.Id);
        Assert.Equal(leased[0].Event, dead.Event);
        Assert.Equal(2, dead.Attempts);
        Assert.Equal("Receiver answered 410", dead.LastError);
        Assert.Equal(new OutboxCounts(1, 0, 1), await outbox.CountOutboxAsync(default));
        var after = await outbox.LeaseAsync(OwnerB, 10, 100, now.AddSeconds(1), now.AddMinutes(1), default);
        Assert.Equal(new[] { leased[1].Id }, after.Select(e => e.Id));
        Assert.True(await outbox.MarkDeliveredAsync(leased[1].Id, now.AddSeconds(2), default));

        Assert.False(await outbox.RetryDeadLetterAsync(leased[1].Id, now.AddSeconds(3), default));
        Assert.True(await outbox.RetryDeadLetterAsync(dead.Id, now.AddSeconds(3), default));
        Assert.Empty(await outbox.ListDeadLettersAsync(10, null, default));
        var again = await OutboxOf(await OpenAgainAsync(Store))
            .LeaseAsync(OwnerA, 10, 100, now.AddSeconds(3), now.AddMinutes(1), default);
        var retried = Assert.Single(again);
        Assert.Equal(dead.Id, retried.Id);
        Assert.Equal(0, retried.Attempts);
    }

    /// <summary>Owners leasing at the same moment never get the same doctor-day, and together get every due
    /// one.</summary>
    /// <returns>A task that completes when the check has passed.</returns>
    [ConformanceCheck]
    public async Task Owners_leasing_at_once_never_share_a_doctor_day()
    {
        if (Store is not IOutboxStore outbox)
        {
            return;
        }

        outbox.EnableOutbox();
        var engine = CreateEngine(Store);
        const int Days = 12;
        for (var i = 1; i <= Days; i++)
        {
            await SeedDayAsync(engine, "S" + i, tokens: 1);
        }

        var now = Clock.GetUtcNow();
        var stores = new List<IOutboxStore>();
        for (var i = 0; i < 4; i++)
        {
            stores.Add(OutboxOf(await OpenAgainAsync(Store)));
        }

        var leases = await Task.WhenAll(
            stores.Select(
                (store, i) =>
                    Task.Run(async () => await store.LeaseAsync("owner-" + i, 4, 100, now, now.AddMinutes(1), default))
            )
        );

        var days = leases.SelectMany(l => l.Select(e => e.Id.Partition).Distinct()).ToList();
        Assert.Equal(days.Count, days.Distinct().Count());
        var rest = await outbox.LeaseAsync(OwnerA, Days, 100, now, now.AddMinutes(1), default);
        Assert.Equal(Days, days.Count + rest.Select(e => e.Id.Partition).Distinct().Count());
        Assert.Equal(Days * 2, leases.Sum(l => l.Length) + rest.Length);
    }

    /// <summary>A retried dead letter goes back to the head of its doctor-day's stream, but while another owner's
    /// lease of the rest of that stream runs, nobody else leases the stream: one dispatcher at a time delivers a
    /// doctor-day. Once that lease ends, the next owner takes the whole stream in order.</summary>
    /// <returns>A task that completes when the check has passed.</returns>
    [ConformanceCheck]
    public async Task A_retried_dead_letter_waits_while_another_owner_holds_its_doctor_day()
    {
        if (Store is not IOutboxStore outbox)
        {
            return;
        }

        outbox.EnableOutbox();
        var engine = CreateEngine(Store);
        await SeedDayAsync(engine, "R1", tokens: 3);
        var now = Clock.GetUtcNow();
        var head = Assert.Single(await outbox.LeaseAsync(OwnerA, 10, 1, now, now.AddMinutes(1), default));
        Assert.True(await outbox.DeadLetterAsync(head.Id, now, "Receiver answered 410", default));
        var held = await outbox.LeaseAsync(OwnerA, 10, 100, now, now.AddMinutes(1), default);
        Assert.Equal(3, held.Length);

        Assert.True(await outbox.RetryDeadLetterAsync(head.Id, now.AddSeconds(1), default));
        Assert.Empty(await outbox.LeaseAsync(OwnerB, 10, 100, now.AddSeconds(2), now.AddMinutes(2), default));
        Assert.True(await outbox.MarkDeliveredAsync(held[0].Id, now.AddSeconds(3), default));
        Assert.Empty(
            await OutboxOf(await OpenAgainAsync(Store))
                .LeaseAsync(OwnerB, 10, 100, now.AddSeconds(59), now.AddMinutes(2), default)
        );

        var takenOver = await outbox.LeaseAsync(OwnerB, 10, 100, now.AddMinutes(1), now.AddMinutes(2), default);
        Assert.Equal(new[] { head.Id, held[1].Id, held[2].Id }, takenOver.Select(e => e.Id));
    }

    /// <summary>Dead letters are listed in the order of their ids, a page at a time: each page continues after the
    /// last id of the one before, so paging lists each dead letter once.</summary>
    /// <returns>A task that completes when the check has passed.</returns>
    [ConformanceCheck]
    public async Task Dead_letters_are_listed_by_id_a_page_at_a_time()
    {
        if (Store is not IOutboxStore outbox)
        {
            return;
        }

        outbox.EnableOutbox();
        var engine = CreateEngine(Store);
        await SeedDayAsync(engine, "G2", tokens: 2);
        await SeedDayAsync(engine, "G1", tokens: 1);
        var now = Clock.GetUtcNow();
        var leased = await outbox.LeaseAsync(OwnerA, 10, 100, now, now.AddMinutes(1), default);
        Assert.Equal(5, leased.Length);
        // Given up on in an order other than the ids', so the listing's order is the ids' and not the moments'.
        for (var i = leased.Length - 1; i >= 0; i--)
        {
            Assert.True(await outbox.DeadLetterAsync(leased[i].Id, now.AddSeconds(leased.Length - i), "Gone", default));
        }

        var pages = new List<ImmutableArray<OutboxEntry>>();
        AllocationEventId? after = null;
        do
        {
            pages.Add(await outbox.ListDeadLettersAsync(2, after, default));
            after = pages[^1].IsEmpty ? null : pages[^1][^1].Id;
        } while (pages[^1].Length == 2);

        Assert.Equal("2 2 1", string.Join(" ", pages.Select(p => p.Length)));
        Assert.Equal(leased.Select(e => e.Id).Order(), pages.SelectMany(p => p).Select(e => e.Id));
        Assert.Equal(
            leased.Select(e => e.Id).Order(),
            (await outbox.ListDeadLettersAsync(10, null, default)).Select(e => e.Id)
        );
        Assert.Empty(await outbox.ListDeadLettersAsync(10, leased.Max(e => e.Id), default));
    }

    private static IOutboxStore OutboxOf(IStateStore store) =>
        store as IOutboxStore
        ?? throw new AssertionFailedException(
            "The store reopened by ReopenStoreAsync has no outbox, though the store under test has one."
        );

    /// <summary>Collects the events the engine raises.</summary>
    private sealed class Collector(ConcurrentQueue<AllocationEvent> into) : IAllocationEventSink
    {
        public void OnCommitted(ImmutableArray<AllocationEvent> events)
        {
            foreach (var e in events)
            {
                into.Enqueue(e);
            }
        }
    }
}
