using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Tests.Support;

namespace OpdTokens.Allocation.Tests.Storage;

/// <summary>What the engine hands a store on commit.</summary>
public sealed class PartitionChangeTests
{
    private static readonly PartitionKey Day = new(new DoctorId("D1"), new DateOnly(2026, 11, 21));

    [Fact]
    public async Task Engine_commits_carry_exactly_what_changed_in_its_new_state()
    {
        var store = new RecordingStore();
        using var h = Hospital.Open(store: store);
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 1);
        var ten = await h.SlotAsync(doctor, 10, 1);
        var walkIn = (await h.FillAsync(doctor, nine)).Single();
        var paid = (
            await h.Engine.AllocateAsync(
                Hospital.Request(doctor, "Paid", TokenSource.Paid, nine) with
                {
                    IdempotencyKey = "k1",
                }
            )
        ).GetValueOrThrow();

        var change = store.Changes[^1];

        Assert.Equal((3L, 4L), (change.ExpectedVersion, change.NewVersion));
        Assert.Equal(nine.Id.Partition, change.Partition);
        Assert.Equal([walkIn.Id, paid.Token.Id], change.Tokens.Select(t => t.Id).ToArray());
        var day = await h.Engine.GetDoctorDayAsync(Day);
        Assert.All(change.Tokens, t => Assert.Same(day.FindToken(t.Id), t));
        Assert.Empty(change.Slots);
        Assert.Equal("k1", Assert.Single(change.IdempotencyRecords).Key);
        Assert.Equal(2, change.Events.Length);
        Assert.Equal(ten.Id, day.FindToken(walkIn.Id)!.SlotId);
        Assert.Equal(TimeSpan.Zero, change.Delay);
        Assert.Equal([nine.Id], store.Changes[0].Slots.Select(s => s.Id).ToArray());
    }

    [Fact]
    public async Task Engine_reuses_a_change_object_once_its_commit_completed_so_stores_copy_what_they_keep()
    {
        var store = new RecordingStore();
        using var h = Hospital.Open(store: store);
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 2);
        await h.FillAsync(doctor, nine);

        Assert.Equal(3, store.Seen.Count);
        Assert.Single(store.Seen.Distinct());
        Assert.Equal([1L, 2L, 3L], store.Changes.Select(c => c.NewVersion).ToArray());
    }

    [Fact]
    public void A_change_made_by_hand_checks_its_version_and_that_everything_belongs_to_its_doctor_day()
    {
        var slot = new Slot(new SlotId(Day, 1), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1), 3);

        var change = new PartitionChange(Day, 2, TimeSpan.FromMinutes(5), [], [slot], [], default);

        Assert.Equal((2L, 3L, TimeSpan.FromMinutes(5)), (change.ExpectedVersion, change.NewVersion, change.Delay));
        Assert.True(change.Tokens.Count == 0 && change.IdempotencyRecords.Count == 0 && change.Events.IsEmpty);
        Assert.Same(slot, Assert.Single(change.Slots));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PartitionChange(Day, -1, default, [], [], [], []));
        var otherDay = Day with { Date = Day.Date.AddDays(1) };
        var foreign = Assert.Throws<ArgumentException>(() =>
            new PartitionChange(otherDay, 0, default, [], [slot], [], [])
        );
        Assert.Contains("is not of", foreign.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => new PartitionChange(Day, 0, default, null!, [], [], []));
    }

    [Fact]
    public void Store_exceptions_explain_themselves_naming_the_partition_and_versions_when_known()
    {
        var conflict = new ConcurrencyConflictException(Day, 4, 6);
        var unknown = new ConcurrencyConflictException(Day, 4, null);

        Assert.Equal(
            (Day, 4L, 6L),
            (conflict.Partition!.Value, conflict.ExpectedVersion!.Value, conflict.ActualVersion!.Value)
        );
        Assert.Contains("D1/2026-11-21", conflict.Message, StringComparison.Ordinal);
        Assert.Contains("expected version 4, found 6", conflict.Message, StringComparison.Ordinal);
        Assert.Contains("found unknown", unknown.Message, StringComparison.Ordinal);
        Assert.Null(new ConcurrencyConflictException().Partition);
        Assert.Contains("changed the data first", new ConcurrencyConflictException().Message, StringComparison.Ordinal);
        Assert.Contains("could not complete", new StateStoreException().Message, StringComparison.Ordinal);
    }

    private sealed class RecordingStore : IStateStore
    {
        private readonly InMemoryStateStore _inner = new();

        /// <summary>Copies of the changes committed, as a store that keeps them must make.</summary>
        public List<PartitionChange> Changes { get; } = [];

        /// <summary>The change objects the engine handed over, as they are.</summary>
        public List<PartitionChange> Seen { get; } = [];

        public async ValueTask CommitAsync(PartitionChange change, CancellationToken cancellationToken)
        {
            await _inner.CommitAsync(change, cancellationToken);
            Seen.Add(change);
            Changes.Add(
                new PartitionChange(
                    change.Partition,
                    change.ExpectedVersion,
                    change.Delay,
                    change.Tokens,
                    change.Slots,
                    change.IdempotencyRecords,
                    change.Events
                )
            );
        }

        public ValueTask<DoctorDay?> LoadPartitionAsync(PartitionKey partition, CancellationToken cancellationToken) =>
            _inner.LoadPartitionAsync(partition, cancellationToken);

        public ValueTask<System.Collections.Immutable.ImmutableArray<PartitionKey>> ListPartitionsAsync(
            DateOnly? onDate,
            CancellationToken cancellationToken
        ) => _inner.ListPartitionsAsync(onDate, cancellationToken);

        public ValueTask<System.Collections.Immutable.ImmutableArray<Doctor>> LoadDoctorsAsync(
            CancellationToken cancellationToken
        ) => _inner.LoadDoctorsAsync(cancellationToken);

        public ValueTask SaveDoctorAsync(Doctor doctor, bool isNew, CancellationToken cancellationToken) =>
            _inner.SaveDoctorAsync(doctor, isNew, cancellationToken);
    }
}
