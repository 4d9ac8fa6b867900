using System.Collections.Immutable;
using OpdTokens.Allocation.Core;
using OpdTokens.Allocation.Diagnostics;
using OpdTokens.Allocation.Storage;

namespace OpdTokens.Allocation;

/// <summary>The engine's cached copy of the doctor registry: lookups without a lock, writes serialised and saved to
/// the store before they are published.</summary>
internal sealed class DoctorRegistry(
    IStateStore store,
    TimeProvider time,
    TimeSpan? maxAge,
    int maxRetries,
    AllocationMetrics metrics
) : IDisposable
{
    /// <summary>Serialises registry writers.</summary>
    private readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>The published registry, or null until first loaded.</summary>
    private volatile Snapshot? _published;

    /// <summary>The reload in flight that readers share, or null.</summary>
    private Task<IReadOnlyDictionary<DoctorId, Doctor>>? _loading;

    /// <summary>Finds a doctor; an id the cached registry lacks is looked up in the store, since another instance may
    /// have added the doctor since.</summary>
    /// <remarks>Not async itself: the common answer, from the cache, then costs no state machine.</remarks>
    public ValueTask<Doctor?> FindAsync(DoctorId id, CancellationToken cancellationToken)
    {
        if (!DoctorId.IsValid(id.Value))
        {
            return new((Doctor?)null);
        }

        return _published is { } published && IsFresh(published) && published.Doctors.TryGetValue(id, out var cached)
            ? new(cached)
            : FindStoredAsync(id, cancellationToken);
    }

    /// <summary>Finds a doctor the cached registry lacks or holds no longer fresh.</summary>
    private async ValueTask<Doctor?> FindStoredAsync(DoctorId id, CancellationToken cancellationToken)
    {
        var registry = await CurrentAsync(cancellationToken).ConfigureAwait(false);
        if (registry.TryGetValue(id, out var doctor))
        {
            return doctor;
        }

        registry = await LoadSharedAsync(cancellationToken).ConfigureAwait(false);
        return registry.GetValueOrDefault(id);
    }

    /// <summary>The registry, from the cache while it is fresh.</summary>
    public ValueTask<IReadOnlyDictionary<DoctorId, Doctor>> CurrentAsync(CancellationToken cancellationToken) =>
        _published is { } published && IsFresh(published)
            ? new(published.Doctors)
            : new(LoadSharedAsync(cancellationToken));

    /// <summary>The active doctors of a doctor's specialty (the doctor too, when active), by id.</summary>
    public async ValueTask<Doctor[]> SameSpecialtyAsync(Doctor doctor, CancellationToken cancellationToken)
    {
        if (_published is not { } published || !IsFresh(published))
        {
            await LoadSharedAsync(cancellationToken).ConfigureAwait(false);
            published = _published!;
        }

        return published.BySpecialty.TryGetValue(doctor.Specialty, out var doctors) ? doctors : [];
    }

    /// <summary>Applies a registry rule and saves its doctor; a taken id is retried on the reloaded registry.</summary>
    /// <returns>The rule's result and, on success, the doctor as it was before (null when new).</returns>
    public async ValueTask<(CommandResult<Doctor> Result, Doctor? Previous)> ChangeAsync<TCommand>(
        TCommand command,
        Func<IReadOnlyDictionary<DoctorId, Doctor>, TCommand, CommandResult<Doctor>> rule,
        bool isNew,
        CancellationToken cancellationToken
    )
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                // Reload so generated ids and existence checks see other instances' doctors.
                var registry = await LoadAsync(cancellationToken).ConfigureAwait(false);
                var result = rule(registry, command);
                if (!result.IsSuccess)
                {
                    return (result, null);
                }

                try
                {
                    await store.SaveDoctorAsync(result.Value, isNew, cancellationToken).ConfigureAwait(false);
                }
                catch (ConcurrencyConflictException)
                {
                    // Another instance took the id first: a generated id is drawn again from the reloaded registry,
                    // a requested one is then reported as taken by the rule itself.
                    metrics.Conflict();
                    if (attempt >= maxRetries)
                    {
                        return (
                            new AllocationError(
                                AllocationErrorCode.Conflict,
                                $"Doctor id {result.Value.Id} was taken concurrently."
                            ),
                            null
                        );
                    }

                    continue;
                }

                registry.TryGetValue(result.Value.Id, out var previous);
                var doctors = new Dictionary<DoctorId, Doctor>(registry) { [result.Value.Id] = result.Value };
                _published = new Snapshot(doctors, time.GetTimestamp());
                return (result, previous);
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose() => _lock.Dispose();

    /// <summary>Reloads the registry for readers, one load at a time: readers that find the cache too old while a
    /// load is in flight wait for that load instead of starting their own.</summary>
    /// <remarks>Without this, every command arriving in the instant the registry ages past <c>SnapshotMaxAge</c>
    /// queried the store itself (64 concurrent clients, 64 identical queries every two seconds), and the queries
    /// competed with the commits for connections. The shared load runs without any one caller's token, so a caller
    /// that gives up does not fail the others; each still stops waiting when its own token is cancelled.</remarks>
    private Task<IReadOnlyDictionary<DoctorId, Doctor>> LoadSharedAsync(CancellationToken cancellationToken)
    {
        var loading = Volatile.Read(ref _loading);
        if (loading is null)
        {
            var source = new TaskCompletionSource<IReadOnlyDictionary<DoctorId, Doctor>>(
                TaskCreationOptions.RunContinuationsAsynchronously
            );
            loading = Interlocked.CompareExchange(ref _loading, source.Task, null);
            if (loading is null)
            {
                loading = source.Task;
                _ = LoadIntoAsync(source);
            }
        }

        return loading.WaitAsync(cancellationToken);
    }

    private async Task LoadIntoAsync(TaskCompletionSource<IReadOnlyDictionary<DoctorId, Doctor>> source)
    {
        try
        {
            var registry = await LoadAsync(CancellationToken.None).ConfigureAwait(false);
            Volatile.Write(ref _loading, null);
            source.SetResult(registry);
        }
#pragma warning disable CA1031 // the load's failure goes to every reader waiting for it
        catch (Exception e)
#pragma warning restore CA1031
        {
            Volatile.Write(ref _loading, null);
            source.SetException(e);
        }
    }

    private async ValueTask<IReadOnlyDictionary<DoctorId, Doctor>> LoadAsync(CancellationToken cancellationToken)
    {
        // Dated by its start: a load that began before a writer published must not replace the writer's registry.
        var started = time.GetTimestamp();
        var doctors = await store.LoadDoctorsAsync(cancellationToken).ConfigureAwait(false);
        var registry = doctors.ToDictionary(d => d.Id);
        var loaded = new Snapshot(registry, started);
        var current = _published;
        while (current is null || current.LoadedAt <= started)
        {
            var seen = Interlocked.CompareExchange(ref _published, loaded, current);
            if (ReferenceEquals(seen, current))
            {
                break;
            }

            current = seen;
        }

        return registry;
    }

    private bool IsFresh(Snapshot snapshot) => maxAge is not { } age || time.GetElapsedTime(snapshot.LoadedAt) < age;

    /// <summary>A loaded registry and when it was loaded; nothing in it changes once published.</summary>
    private sealed class Snapshot(Dictionary<DoctorId, Doctor> doctors, long loadedAt)
    {
        private Dictionary<string, Doctor[]>? _bySpecialty;

        public Dictionary<DoctorId, Doctor> Doctors => doctors;

        public long LoadedAt => loadedAt;

        /// <summary>Active doctors by specialty (case-insensitive), each list by id; built on first use.</summary>
        public Dictionary<string, Doctor[]> BySpecialty =>
            _bySpecialty ??= doctors
                .Values.Where(d => d.IsActive)
                .GroupBy(d => d.Specialty, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.OrderBy(d => d.Id).ToArray(), StringComparer.OrdinalIgnoreCase);
    }
}
