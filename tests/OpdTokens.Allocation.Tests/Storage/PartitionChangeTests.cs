using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Tests.Support;

namespace OpdTokens.Allocation.Tests.Storage;

/// <summary>What the engine hands a store on commit.</summary>
public sealed class PartitionChangeTests
{
    private static readonly PartitionKey Day = new(new DoctorId("D1"), new DateOnly(2026, 11, 21));

    [Fact]
    public async Task Engine_commits_carry_the_snapshot_and_exactly_what_changed()
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
        Assert.All(change.Tokens, t => Assert.Same(change.Snapshot.FindToken(t.Id), t));
        Assert.Empty(change.Slots);
        Assert.Equal("k1", Assert.Single(change.IdempotencyRecords).Key);
        Assert.Equal(2, change.Events.Length);
        Assert.Equal(ten.Id, change.Snapshot.FindToken(walkIn.Id)!.SlotId);
        Assert.Equal([nine.Id], store.Changes[0].Slots.Select(s => s.Id).ToArray());
    }

    [Fact]
    public void Snapshot_version_must_be_one_more_than_the_expected_version()
    {
        var snapshot = DoctorDay.Create(Day, 3, TimeSpan.Zero, [], []);

        var change = new PartitionChange(snapshot, 2, default, default, default, default);

        Assert.Equal((2L, 3L), (change.ExpectedVersion, change.NewVersion));
        Assert.True(
            change.Tokens.IsEmpty && change.Slots.IsEmpty && change.IdempotencyRecords.IsEmpty && change.Events.IsEmpty
        );
        var stale = Assert.Throws<ArgumentException>(() => new PartitionChange(snapshot, 3, [], [], [], []));
        Assert.Contains("expected version + 1", stale.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new PartitionChange(DoctorDay.Empty(Day), -1, [], [], [], []));
        Assert.Throws<ArgumentNullException>(() => new PartitionChange(null!, 0, [], [], [], []));
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

        public List<PartitionChange> Changes { get; } = [];

        public async ValueTask CommitAsync(PartitionChange change, CancellationToken cancellationToken)
        {
            await _inner.CommitAsync(change, cancellationToken);
            Changes.Add(change);
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
