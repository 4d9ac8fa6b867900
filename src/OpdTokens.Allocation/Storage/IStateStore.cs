using System.Collections.Immutable;

namespace OpdTokens.Allocation.Storage;

/// <summary>Where the engine keeps doctor-days and the doctor registry: the storage seam a host plugs into.</summary>
/// <remarks>
/// <para>A store sees only public models. The engine loads a doctor-day with <see cref="LoadPartitionAsync"/> and
/// writes every change with <see cref="CommitAsync"/>, which must be atomic and conditional on the partition's
/// version: when the stored version is not <see cref="PartitionChange.ExpectedVersion"/>, the store changes nothing
/// and throws <see cref="ConcurrencyConflictException"/>. The engine then reloads and re-runs the command, which is
/// what lets several engine instances share one database.</para>
/// <para>A change carries the new snapshot and what changed (tokens, slots, idempotency records, events), so a SQL
/// store can write deltas and a document store can write the snapshot.</para>
/// <para>Implementations must be thread-safe: the engine calls them concurrently for different doctor-days.
/// Run the conformance suite of the OpdTokens.Allocation.Testing package against a new store.</para>
/// <para>A store that cannot reach its database throws <see cref="StateStoreException"/> (with the database's error
/// inside) rather than the driver's exception, so hosts handle one type whatever the store; a cancelled operation
/// throws <see cref="OperationCanceledException"/>.</para>
/// </remarks>
public interface IStateStore
{
    /// <summary>Loads a doctor-day.</summary>
    /// <param name="partition">The doctor-day.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The stored snapshot, or <see langword="null"/> when nothing was ever committed for it.</returns>
    ValueTask<DoctorDay?> LoadPartitionAsync(PartitionKey partition, CancellationToken cancellationToken);

    /// <summary>Reads the stored version of a doctor-day, without its contents.</summary>
    /// <remarks>The engine asks for it to confirm that a refusal it decided on its cached copy still holds (another
    /// instance may have moved the doctor-day on). The default implementation loads the whole doctor-day; a store
    /// that can read the version alone (one indexed row) should override it.</remarks>
    /// <param name="partition">The doctor-day.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The stored version, or 0 when nothing was ever committed for it.</returns>
    async ValueTask<long> GetPartitionVersionAsync(PartitionKey partition, CancellationToken cancellationToken) =>
        (await LoadPartitionAsync(partition, cancellationToken).ConfigureAwait(false))?.Version ?? 0;

    /// <summary>Commits a change of a doctor-day atomically, if the stored version is the expected one.</summary>
    /// <param name="change">The change.</param>
    /// <param name="cancellationToken">Cancels the commit; a cancelled commit changes nothing.</param>
    /// <returns>A task that completes when the change is durable.</returns>
    /// <exception cref="ConcurrencyConflictException">The stored version is not
    /// <see cref="PartitionChange.ExpectedVersion"/> (0 meaning "not stored yet"); nothing was changed.</exception>
    ValueTask CommitAsync(PartitionChange change, CancellationToken cancellationToken);

    /// <summary>Lists stored doctor-days.</summary>
    /// <param name="onDate">Only doctor-days of this date, or all when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The keys, ordered by date then doctor.</returns>
    ValueTask<ImmutableArray<PartitionKey>> ListPartitionsAsync(DateOnly? onDate, CancellationToken cancellationToken);

    /// <summary>Loads the doctor registry.</summary>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>Every doctor, ordered by id.</returns>
    ValueTask<ImmutableArray<Doctor>> LoadDoctorsAsync(CancellationToken cancellationToken);

    /// <summary>Adds or replaces a doctor in the registry.</summary>
    /// <param name="doctor">The doctor.</param>
    /// <param name="isNew">Whether the doctor must not exist yet.</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    /// <returns>A task that completes when the doctor is durable.</returns>
    /// <exception cref="ConcurrencyConflictException"><paramref name="isNew"/> is <see langword="true"/> and the id
    /// is taken; nothing was changed.</exception>
    ValueTask SaveDoctorAsync(Doctor doctor, bool isNew, CancellationToken cancellationToken);
}
