using System.Collections.Concurrent;
using System.Collections.Immutable;
using OpdTokens.Allocation;
using OpdTokens.Allocation.Storage;

namespace Consumer;

/// <summary>A store a consuming team could write: it keeps rows (tokens by sequence, slots by id, idempotency records
/// by key) per doctor-day, as a table-based store would, and applies each commit as a delta under a version check.
/// Built only from the public store API, and proven by the conformance kit.</summary>
public sealed class DictionaryStateStore : IStateStore
{
    private readonly ConcurrentDictionary<PartitionKey, Rows> _days = new();
    private readonly ConcurrentDictionary<DoctorId, Doctor> _doctors = new();
    private readonly object _gate = new();

    public ValueTask<DoctorDay?> LoadPartitionAsync(PartitionKey partition, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_days.TryGetValue(partition, out var rows) ? rows.ToDay(partition) : null);
    }

    public ValueTask CommitAsync(PartitionChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var current = _days.GetValueOrDefault(change.Partition);
            if ((current?.Version ?? 0) != change.ExpectedVersion)
            {
                throw new ConcurrencyConflictException($"{change.Partition} is not at v{change.ExpectedVersion}.");
            }

            // The engine may reuse the change once the commit completed, so copy what is kept.
            var basis = current ?? Rows.Empty;
            _days[change.Partition] = new Rows(
                change.NewVersion,
                change.Delay,
                basis.Slots.SetItems(change.Slots.Select(s => KeyValuePair.Create(s.Id, s))),
                basis.Tokens.SetItems(change.Tokens.Select(t => KeyValuePair.Create(t.Sequence, t))),
                basis.Records.SetItems(change.IdempotencyRecords.Select(r => KeyValuePair.Create(r.Key, r)))
            );
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<ImmutableArray<PartitionKey>> ListPartitionsAsync(
        DateOnly? onDate,
        CancellationToken cancellationToken
    )
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(
            _days.Keys.Where(k => onDate is null || k.Date == onDate).Order().ToImmutableArray()
        );
    }

    public ValueTask<ImmutableArray<Doctor>> LoadDoctorsAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_doctors.Values.OrderBy(d => d.Id).ToImmutableArray());
    }

    public ValueTask SaveDoctorAsync(Doctor doctor, bool isNew, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(doctor);
        cancellationToken.ThrowIfCancellationRequested();
        if (isNew && !_doctors.TryAdd(doctor.Id, doctor))
        {
            throw new ConcurrencyConflictException($"Doctor {doctor.Id} exists.");
        }

        _doctors[doctor.Id] = doctor;
        return ValueTask.CompletedTask;
    }

    private sealed record Rows(
        long Version,
        TimeSpan Delay,
        ImmutableDictionary<SlotId, Slot> Slots,
        ImmutableDictionary<int, Token> Tokens,
        ImmutableDictionary<string, IdempotencyRecord> Records
    )
    {
        public static Rows Empty { get; } =
            new(
                0,
                TimeSpan.Zero,
                ImmutableDictionary<SlotId, Slot>.Empty,
                ImmutableDictionary<int, Token>.Empty,
                ImmutableDictionary<string, IdempotencyRecord>.Empty.WithComparers(StringComparer.Ordinal)
            );

        public DoctorDay ToDay(PartitionKey key) =>
            DoctorDay.Create(
                key,
                Version,
                Delay,
                Slots.Values.OrderBy(s => s.StartsAt),
                Tokens.Values.OrderBy(t => t.Sequence),
                Records.Values
            );
    }
}
