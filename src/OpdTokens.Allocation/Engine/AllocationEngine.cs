using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using OpdTokens.Allocation.Core;
using OpdTokens.Allocation.Diagnostics;
using OpdTokens.Allocation.Policies;
using OpdTokens.Allocation.Storage;

namespace OpdTokens.Allocation;

/// <summary>The engine shell: striped locks per doctor-day, commit-then-publish, lock-free reads, bounded retries on
/// version conflicts, events and metrics after the lock is released.</summary>
/// <remarks>
/// <para>A command takes its doctor-day's stripe lock, loads the snapshot (published, else from the store), runs the
/// pure allocation rules, commits the change to the store conditional on the version, and only then publishes the new
/// snapshot with one reference swap. If the commit throws, nothing is published. On a version conflict the snapshot is
/// reloaded and the command re-run, up to <see cref="OpdTokenAllocationOptions.MaxConflictRetries"/> times. A refusal
/// decided on a cached snapshot commits nothing, so it is confirmed against the store before it is returned: when
/// another instance has moved the doctor-day on, the command is decided again on the stored day.</para>
/// <para>This type is thread-safe. Dispose it (or let the DI container do so) to release its meter.</para>
/// </remarks>
[DebuggerDisplay("AllocationEngine: {_cells.Count} doctor-days cached, {_stripes.Length} stripes")]
public sealed class AllocationEngine : IAllocationEngine, IDisposable
{
    /// <summary>A pure rule run against one doctor-day.</summary>
    private delegate Decision<T> Rule<TArg, T>(DoctorDay day, TArg argument, in RuleContext context)
        where T : class;

    /// <summary>Where doctor-days and the registry are kept.</summary>
    private readonly IStateStore _store;

    /// <summary>The clock.</summary>
    private readonly TimeProvider _time;

    /// <summary>The hospital's time zone.</summary>
    private readonly TimeZoneInfo _zone;

    /// <summary>Policy, formatter and numbers handed to every rule.</summary>
    private readonly IPriorityPolicy _policy;

    /// <summary>Formats and parses token numbers.</summary>
    private readonly ITokenNumberFormatter _formatter;

    /// <summary>The rule numbers.</summary>
    private readonly AllocationRules _rules;

    /// <summary>Re-runs after a version conflict.</summary>
    private readonly int _maxRetries;

    /// <summary>Following days searched for alternatives.</summary>
    private readonly int _alternativeDays;

    /// <summary>Alternatives offered at most.</summary>
    private readonly int _maxAlternatives;

    /// <summary>How old a cached snapshot may be; null = forever.</summary>
    private readonly TimeSpan? _maxAge;

    /// <summary>Writer locks; a doctor-day uses the stripe its key hashes to.</summary>
    private readonly SemaphoreSlim[] _stripes;

    /// <summary>Published snapshots by doctor-day.</summary>
    private readonly ConcurrentDictionary<PartitionKey, PartitionCell> _cells = new();

    /// <summary>Serialises registry writers.</summary>
    private readonly SemaphoreSlim _registryLock = new(1, 1);

    /// <summary>The published registry, or null until first loaded.</summary>
    private volatile RegistrySnapshot? _registry;

    /// <summary>Sinks registered at construction.</summary>
    private readonly ImmutableArray<IAllocationEventSink> _sinks;

    /// <summary>Sinks subscribed at run time.</summary>
    private ImmutableArray<IAllocationEventSink> _subscribers = [];

    /// <summary>The day number of the last eviction of past days from the cache.</summary>
    private int _sweptOn;

    /// <summary>The engine's instruments.</summary>
    private readonly AllocationMetrics _metrics = new();

    /// <summary>Creates an engine.</summary>
    /// <param name="options">The settings; copied now, validated (every error at once).</param>
    /// <param name="store">The store; a new <see cref="InMemoryStateStore"/> when <see langword="null"/>.</param>
    /// <param name="policy">The priority policy; when <see langword="null"/>, the shipped policy named by
    /// <see cref="OpdTokenAllocationOptions.PriorityPolicy"/>.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="formatter">Token numbers; a <see cref="TokenNumberFormatter"/> with the configured prefix when
    /// <see langword="null"/>.</param>
    /// <param name="sinks">Event sinks to call after every commit.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A setting is not valid.</exception>
    public AllocationEngine(
        OpdTokenAllocationOptions options,
        IStateStore? store = null,
        IPriorityPolicy? policy = null,
        TimeProvider? timeProvider = null,
        ITokenNumberFormatter? formatter = null,
        IEnumerable<IAllocationEventSink>? sinks = null
    )
    {
        ArgumentNullException.ThrowIfNull(options);
        OpdTokenAllocationOptionsValidator.ThrowIfInvalid(options);

        _store = store ?? new InMemoryStateStore();
        _time = timeProvider ?? TimeProvider.System;
        _zone =
            options.TimeZoneId is { } zoneId && OpdTokenAllocationOptionsValidator.TryFindZone(zoneId, out var zone)
                ? zone
                : _time.LocalTimeZone;
        _policy = policy ?? CreatePolicy(options);
        _formatter = formatter ?? new TokenNumberFormatter(options.TokenNumberPrefix);
        _rules = new AllocationRules(
            options.EmergencyOverflowPerSlot,
            options.EmergencyOverflowPerDay,
            options.MaxBumpsPerToken
        );
        _maxRetries = options.MaxConflictRetries;
        _alternativeDays = options.AlternativeDays;
        _maxAlternatives = options.MaxAlternatives;
        _maxAge = options.SnapshotMaxAge;
        _stripes = new SemaphoreSlim[options.LockStripes];
        for (var i = 0; i < _stripes.Length; i++)
        {
            _stripes[i] = new SemaphoreSlim(1, 1);
        }

        _sinks = sinks is null ? [] : [.. sinks];
    }

    /// <inheritdoc />
    public DateOnly Today => DateOnly.FromDateTime(Now().DateTime);

    /// <summary>Gets the engine's meter (for tests and hosts that listen to one engine).</summary>
    internal System.Diagnostics.Metrics.Meter Meter => _metrics.Meter;

    /// <summary>Gets how many doctor-days have a cached snapshot.</summary>
    internal int CachedDoctorDays => _cells.Count;

    /// <summary>Gets the number of lock stripes.</summary>
    internal int StripeCount => _stripes.Length;

    /// <summary>Creates the shipped policy named in the options.</summary>
    internal static IPriorityPolicy CreatePolicy(OpdTokenAllocationOptions options) =>
        options.PriorityPolicy == PriorityPolicyNames.Weighted
            ? new WeightedPriorityPolicy(options.Weighted)
            : new TieredPriorityPolicy(options.Tiered);

    /// <inheritdoc />
    public async ValueTask<CommandResult<Doctor>> RegisterDoctorAsync(
        RegisterDoctor command,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(command);
        return await ChangeRegistryAsync(
                command,
                static (registry, c) => DoctorRules.Register(registry, c),
                isNew: true,
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<CommandResult<Doctor>> UpdateDoctorAsync(
        UpdateDoctor command,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(command);
        return await ChangeRegistryAsync(
                command,
                static (registry, c) => DoctorRules.Update(registry, c),
                isNew: false,
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<CommandResult<Doctor>> DeactivateDoctorAsync(
        DeactivateDoctor command,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(command);
        return await ChangeRegistryAsync(
                command,
                static (registry, c) =>
                    registry.TryGetValue(c.Id, out var doctor)
                        ? CommandResult<Doctor>.Success(doctor with { IsActive = false })
                        : AllocationError.NotFound($"Doctor {c.Id} does not exist."),
                isNew: false,
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<CommandResult<SlotChangeResult>> AddSlotAsync(
        AddSlot command,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(command);
        if (await FindDoctorAsync(command.DoctorId, cancellationToken).ConfigureAwait(false) is not { } doctor)
        {
            return UnknownDoctor(command.DoctorId);
        }

        return await ExecuteAsync(
                new PartitionKey(doctor.Id, command.Date),
                (command, doctor),
                static (DoctorDay day, (AddSlot Command, Doctor Doctor) a, in RuleContext c) =>
                    SlotRules.Add(day, a.Doctor, a.Command, c),
                command.Actor,
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<CommandResult<SlotChangeResult>> CloseSlotAsync(
        CloseSlot command,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(command);
        return ExecuteAsync(
            command.SlotId.Partition,
            command,
            static (DoctorDay day, CloseSlot c, in RuleContext ctx) => SlotRules.Close(day, c, ctx),
            command.Actor,
            cancellationToken
        );
    }

    /// <inheritdoc />
    public ValueTask<CommandResult<SlotChangeResult>> ResizeSlotAsync(
        ResizeSlot command,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(command);
        return ExecuteAsync(
            command.SlotId.Partition,
            command,
            static (DoctorDay day, ResizeSlot c, in RuleContext ctx) => SlotRules.Resize(day, c, ctx),
            command.Actor,
            cancellationToken
        );
    }

    /// <inheritdoc />
    public async ValueTask<CommandResult<AllocationResult>> AllocateAsync(
        AllocateToken command,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(command.Patient, nameof(command));
        if (command.Date is { } date && command.PreferredSlotId is { } slot && slot.Date != date)
        {
            return AllocationError.Validation("date", "The date differs from the preferred slot's date.");
        }

        if (await FindDoctorAsync(command.DoctorId, cancellationToken).ConfigureAwait(false) is not { } doctor)
        {
            return UnknownDoctor(command.DoctorId);
        }

        var day = command.PreferredSlotId?.Date ?? command.Date ?? Today;
        var result = await ExecuteAsync(
                new PartitionKey(doctor.Id, day),
                (command, doctor),
                static (DoctorDay d, (AllocateToken Command, Doctor Doctor) a, in RuleContext c) =>
                    TokenAllocator.Allocate(d, a.Doctor, a.Command, c),
                command.Actor,
                cancellationToken
            )
            .ConfigureAwait(false);

        if (result.IsSuccess)
        {
            if (result.Value.Outcome == AllocationOutcome.Waitlisted && !result.Value.IsReplay && _maxAlternatives > 0)
            {
                var alternatives = await FindAlternativesAsync(doctor, day, cancellationToken).ConfigureAwait(false);
                return result.Value with { Alternatives = alternatives };
            }

            return result;
        }

        if (result.Error.Code == AllocationErrorCode.SlotFull)
        {
            _metrics.Rejection();
            var alternatives = await FindAlternativesAsync(doctor, day, cancellationToken).ConfigureAwait(false);
            return result.Error with { Alternatives = alternatives };
        }

        return result;
    }

    /// <inheritdoc />
    public ValueTask<CommandResult<StatusChangeResult>> ChangeStatusAsync(
        ChangeTokenStatus command,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(command);
        return ExecuteAsync(
            command.TokenId.Partition,
            command,
            static (DoctorDay day, ChangeTokenStatus c, in RuleContext ctx) =>
                TokenTransitions.ChangeStatus(day, c, ctx),
            command.Actor,
            cancellationToken
        );
    }

    /// <inheritdoc />
    public ValueTask<CommandResult<Token>> ReallocateAsync(
        ReallocateToken command,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(command);
        return ExecuteAsync(
            command.TokenId.Partition,
            command,
            static (DoctorDay day, ReallocateToken c, in RuleContext ctx) => Reallocation.Reallocate(day, c, ctx),
            command.Actor,
            cancellationToken
        );
    }

    /// <inheritdoc />
    public async ValueTask<CommandResult<DelayResult>> ReportDelayAsync(
        ReportDelay command,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(command);
        if (await FindDoctorAsync(command.DoctorId, cancellationToken).ConfigureAwait(false) is null)
        {
            return UnknownDoctor(command.DoctorId);
        }

        return await ExecuteAsync(
                new PartitionKey(command.DoctorId, command.Date),
                command,
                static (DoctorDay day, ReportDelay c, in RuleContext ctx) => DelayRules.Report(day, c, ctx),
                command.Actor,
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<Doctor?> GetDoctorAsync(DoctorId id, CancellationToken cancellationToken = default) =>
        FindDoctorAsync(id, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<ImmutableArray<Doctor>> GetDoctorsAsync(CancellationToken cancellationToken = default)
    {
        var registry = await RegistryAsync(cancellationToken).ConfigureAwait(false);
        return [.. registry.Values.OrderBy(d => d.Id)];
    }

    /// <inheritdoc />
    public ValueTask<DoctorDay> GetDoctorDayAsync(PartitionKey partition, CancellationToken cancellationToken = default)
    {
        if (_cells.TryGetValue(partition, out var cell) && cell.Snapshot is { } day && IsFresh(cell))
        {
            return new(day);
        }

        return LoadForReadAsync(partition, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<ImmutableArray<DoctorDay>> GetDoctorDaysAsync(
        DateOnly? onDate,
        CancellationToken cancellationToken = default
    )
    {
        var keys = await _store.ListPartitionsAsync(onDate, cancellationToken).ConfigureAwait(false);
        var days = ImmutableArray.CreateBuilder<DoctorDay>(keys.Length);
        foreach (var key in keys)
        {
            days.Add(await GetDoctorDayAsync(key, cancellationToken).ConfigureAwait(false));
        }

        return days.MoveToImmutable();
    }

    /// <inheritdoc />
    public async ValueTask<Token?> GetTokenAsync(TokenId id, CancellationToken cancellationToken = default)
    {
        var day = await GetDoctorDayAsync(id.Partition, cancellationToken).ConfigureAwait(false);
        return day.FindToken(id);
    }

    /// <inheritdoc />
    public async ValueTask<Token?> FindTokenByNumberAsync(string number, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(number);
        // Stryker disable once Block : equivalent; a failed parse leaves the default id, which finds no token either.
        if (!_formatter.TryParse(number, out var id))
        {
            return null;
        }

        var token = await GetTokenAsync(id, cancellationToken).ConfigureAwait(false);
        return token is not null && string.Equals(token.Number, number, StringComparison.Ordinal) ? token : null;
    }

    /// <inheritdoc />
    public async ValueTask<SlotAnalytics?> GetSlotAnalyticsAsync(
        SlotId id,
        CancellationToken cancellationToken = default
    )
    {
        var day = await GetDoctorDayAsync(id.Partition, cancellationToken).ConfigureAwait(false);
        return day.FindSlot(id) is { } slot ? AnalyticsCalculator.ForSlot(day, slot) : null;
    }

    /// <inheritdoc />
    public async ValueTask<DoctorDayAnalytics> GetDoctorDayAnalyticsAsync(
        PartitionKey partition,
        CancellationToken cancellationToken = default
    )
    {
        var day = await GetDoctorDayAsync(partition, cancellationToken).ConfigureAwait(false);
        return AnalyticsCalculator.ForDay(day);
    }

    /// <inheritdoc />
    public async ValueTask<SystemStatus> GetSystemStatusAsync(CancellationToken cancellationToken = default)
    {
        var registry = await RegistryAsync(cancellationToken).ConfigureAwait(false);
        var days = await GetDoctorDaysAsync(null, cancellationToken).ConfigureAwait(false);
        return AnalyticsCalculator.ForSystem([.. registry.Values], days);
    }

    /// <inheritdoc />
    public IDisposable Subscribe(IAllocationEventSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ImmutableInterlocked.Update(ref _subscribers, static (list, s) => list.Add(s), sink);
        return new Subscription(this, sink);
    }

    /// <summary>Releases the meter and the locks.</summary>
    public void Dispose()
    {
        _metrics.Dispose();
        _registryLock.Dispose();
        foreach (var stripe in _stripes)
        {
            stripe.Dispose();
        }
    }

    /// <summary>Runs a rule on one doctor-day under its stripe lock; commits, publishes, then raises events.</summary>
    private async ValueTask<CommandResult<T>> ExecuteAsync<TArg, T>(
        PartitionKey key,
        TArg argument,
        Rule<TArg, T> rule,
        string? actor,
        CancellationToken cancellationToken
    )
        where T : class
    {
        if (!DoctorId.IsValid(key.Doctor.Value))
        {
            return UnknownDoctor(key.Doctor);
        }

        using var activity = AllocationMetrics.ActivitySource.StartActivity(typeof(T).Name);
        var stripe = _stripes[StripeOf(key)];
        DoctorDay? reloaded = null;
        DateTimeOffset now = default;
        for (var attempt = 0; ; attempt++)
        {
            PartitionChange? committed = null;
            Decision<T> decision;
            await EnterAsync(stripe, cancellationToken).ConfigureAwait(false);
            try
            {
                // Only a committed change creates a cell, so failed commands for unknown days cost no memory.
                _cells.TryGetValue(key, out var cell);
                var cached = attempt == 0 && cell?.Snapshot is { } snapshot && IsFresh(cell) ? snapshot : null;
                var day =
                    cached
                    ?? reloaded
                    ?? await _store.LoadPartitionAsync(key, cancellationToken).ConfigureAwait(false)
                    ?? DoctorDay.Empty(key);
                reloaded = null;
                now = Now();
                decision = rule(day, argument, new RuleContext(now, _zone, _policy, _formatter, _rules, actor));
                if (decision.Change is null && cached is not null)
                {
                    // A refusal commits nothing, so no version check would catch a snapshot another instance has
                    // changed since: confirm it against the store, and decide again on the stored day if it moved.
                    var stored = await _store.LoadPartitionAsync(key, cancellationToken).ConfigureAwait(false);
                    if (stored is not null && stored.Version != cached.Version)
                    {
                        reloaded = cell!.Publish(stored, _time.GetTimestamp());
                        continue;
                    }
                }

                if (decision.Change is { } change)
                {
                    try
                    {
                        await _store.CommitAsync(change, cancellationToken).ConfigureAwait(false);
                    }
                    catch (ConcurrencyConflictException)
                    {
                        cell?.Invalidate();
                        _metrics.Conflict();
                        if (attempt >= _maxRetries)
                        {
                            return new AllocationError(
                                AllocationErrorCode.Conflict,
                                $"Doctor-day {key} kept changing under concurrent writers; try again."
                            );
                        }

                        continue;
                    }

                    (cell ?? _cells.GetOrAdd(key, static _ => new PartitionCell())).Publish(
                        change.Snapshot,
                        _time.GetTimestamp()
                    );
                    committed = change;
                }
            }
            finally
            {
                stripe.Release();
            }

            // Events and metrics run after the lock is released so a slow sink never blocks other writers.
            if (committed is not null)
            {
                EvictPastDaysOnceADay(DateOnly.FromDateTime(now.DateTime));
                AfterCommit(committed);
            }

            activity?.SetTag("opdtokens.partition", key.ToString());
            return decision.Result;
        }
    }

    /// <summary>Takes a stripe lock. A writer holds it for about a microsecond with the in-memory store, so a lock
    /// another thread holds is spun on briefly first: waiting asynchronously costs a thread-pool hop per collision.
    /// </summary>
    private static ValueTask EnterAsync(SemaphoreSlim stripe, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var spinner = default(SpinWait);
        while (!spinner.NextSpinWillYield)
        {
            if (stripe.Wait(0, CancellationToken.None))
            {
                return ValueTask.CompletedTask;
            }

            spinner.SpinOnce();
        }

        return new ValueTask(stripe.WaitAsync(cancellationToken));
    }

    private async ValueTask<DoctorDay> LoadForReadAsync(PartitionKey key, CancellationToken cancellationToken)
    {
        if (!DoctorId.IsValid(key.Doctor.Value))
        {
            return DoctorDay.Empty(key);
        }

        var loaded = await _store.LoadPartitionAsync(key, cancellationToken).ConfigureAwait(false);
        if (loaded is null)
        {
            // Unknown days are not cached, so lookups of made-up ids cost no memory.
            return _cells.TryGetValue(key, out var existing) && existing.Snapshot is { } published
                ? published
                : DoctorDay.Empty(key);
        }

        return _cells.GetOrAdd(key, static _ => new PartitionCell()).Publish(loaded, _time.GetTimestamp());
    }

    /// <summary>At the first commit of a new day, drops the cached snapshots of days before yesterday: they are
    /// reloaded from the store if anyone asks, so a long-running host's cache stays about two days deep.</summary>
    private void EvictPastDaysOnceADay(DateOnly today)
    {
        var swept = Volatile.Read(ref _sweptOn);
        if (today.DayNumber == swept || Interlocked.CompareExchange(ref _sweptOn, today.DayNumber, swept) != swept)
        {
            return;
        }

        var yesterday = today.AddDays(-1);
        foreach (var key in _cells.Keys)
        {
            if (key.Date < yesterday)
            {
                _cells.TryRemove(key, out _);
            }
        }
    }

    private void AfterCommit(PartitionChange change)
    {
        var events = change.Events;
        _metrics.Record(events);
        if (events.IsEmpty)
        {
            // Stryker disable once Statement : unreachable, every committed change has events; sinks never get an
            // empty batch.
            return;
        }

        foreach (var sink in _sinks)
        {
            Deliver(sink, events);
        }

        // An ImmutableArray is one reference, so this read is atomic.
        foreach (var sink in _subscribers)
        {
            Deliver(sink, events);
        }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage(
        "Design",
        "CA1031:Do not catch general exception types",
        Justification = "The change is committed; a failing sink must not turn it into a failure for the caller."
    )]
    private void Deliver(IAllocationEventSink sink, ImmutableArray<AllocationEvent> events)
    {
        try
        {
            sink.OnCommitted(events);
        }
        catch (Exception)
        {
            _metrics.SinkFailure();
        }
    }

    private async ValueTask<CommandResult<Doctor>> ChangeRegistryAsync<TCommand>(
        TCommand command,
        Func<ImmutableDictionary<DoctorId, Doctor>, TCommand, CommandResult<Doctor>> rule,
        bool isNew,
        CancellationToken cancellationToken
    )
        where TCommand : AllocationCommand
    {
        await _registryLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                // Reload so generated ids and existence checks see other instances' doctors.
                var registry = await LoadRegistryAsync(cancellationToken).ConfigureAwait(false);
                var result = rule(registry, command);
                if (!result.IsSuccess)
                {
                    return result;
                }

                try
                {
                    await _store.SaveDoctorAsync(result.Value, isNew, cancellationToken).ConfigureAwait(false);
                }
                catch (ConcurrencyConflictException)
                {
                    // Another instance took the id first: a generated id is drawn again from the reloaded registry,
                    // a requested one is then reported as taken by the rule itself.
                    _metrics.Conflict();
                    if (attempt >= _maxRetries)
                    {
                        return new AllocationError(
                            AllocationErrorCode.Conflict,
                            $"Doctor id {result.Value.Id} was taken concurrently."
                        );
                    }

                    continue;
                }

                _registry = new RegistrySnapshot(registry.SetItem(result.Value.Id, result.Value), _time.GetTimestamp());
                return result;
            }
        }
        finally
        {
            _registryLock.Release();
        }
    }

    private async ValueTask<Doctor?> FindDoctorAsync(DoctorId id, CancellationToken cancellationToken)
    {
        if (!DoctorId.IsValid(id.Value))
        {
            return null;
        }

        var registry = await RegistryAsync(cancellationToken).ConfigureAwait(false);
        if (registry.TryGetValue(id, out var doctor))
        {
            return doctor;
        }

        // Another instance may have added the doctor since the registry was loaded.
        registry = await LoadRegistryAsync(cancellationToken).ConfigureAwait(false);
        return registry.GetValueOrDefault(id);
    }

    private ValueTask<ImmutableDictionary<DoctorId, Doctor>> RegistryAsync(CancellationToken cancellationToken)
    {
        if (_registry is { } registry && IsFresh(registry.LoadedAt))
        {
            return new(registry.Doctors);
        }

        return LoadRegistryAsync(cancellationToken);
    }

    private async ValueTask<ImmutableDictionary<DoctorId, Doctor>> LoadRegistryAsync(
        CancellationToken cancellationToken
    )
    {
        var doctors = await _store.LoadDoctorsAsync(cancellationToken).ConfigureAwait(false);
        var registry = doctors.ToImmutableDictionary(d => d.Id);
        _registry = new RegistrySnapshot(registry, _time.GetTimestamp());
        return registry;
    }

    private async ValueTask<ImmutableArray<Alternative>> FindAlternativesAsync(
        Doctor doctor,
        DateOnly date,
        CancellationToken cancellationToken
    )
    {
        var days = new List<DoctorDay>();
        for (var offset = 1; offset <= _alternativeDays; offset++)
        {
            days.Add(
                await GetDoctorDayAsync(new PartitionKey(doctor.Id, date.AddDays(offset)), cancellationToken)
                    .ConfigureAwait(false)
            );
        }

        var registry = await RegistryAsync(cancellationToken).ConfigureAwait(false);
        foreach (var other in registry.Values.OrderBy(d => d.Id))
        {
            if (
                other.IsActive
                && other.Id != doctor.Id
                && string.Equals(other.Specialty, doctor.Specialty, StringComparison.OrdinalIgnoreCase)
            )
            {
                days.Add(
                    await GetDoctorDayAsync(new PartitionKey(other.Id, date), cancellationToken).ConfigureAwait(false)
                );
            }
        }

        return AlternativeFinder.Find(days, Now(), _maxAlternatives);
    }

    private bool IsFresh(PartitionCell cell) => IsFresh(cell.PublishedAt);

    /// <summary>Whether something cached at a timestamp may still be served: strictly younger than the maximum age,
    /// so a zero maximum age never serves the cache, even on a clock that has not moved.</summary>
    private bool IsFresh(long cachedAt) => _maxAge is not { } maxAge || _time.GetElapsedTime(cachedAt) < maxAge;

    private int StripeOf(PartitionKey key) => key.GetHashCode() & (_stripes.Length - 1);

    private DateTimeOffset Now() => TimeZoneInfo.ConvertTime(_time.GetUtcNow(), _zone);

    private static AllocationError UnknownDoctor(DoctorId id) =>
        AllocationError.NotFound($"Doctor {id} does not exist.");

    private void Unsubscribe(IAllocationEventSink sink) =>
        ImmutableInterlocked.Update(ref _subscribers, static (list, s) => list.Remove(s), sink);

    /// <summary>The published registry and when it was loaded.</summary>
    private sealed record RegistrySnapshot(ImmutableDictionary<DoctorId, Doctor> Doctors, long LoadedAt);

    /// <summary>Removes a subscriber once.</summary>
    private sealed class Subscription(AllocationEngine engine, IAllocationEventSink sink) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                engine.Unsubscribe(sink);
            }
        }
    }
}
