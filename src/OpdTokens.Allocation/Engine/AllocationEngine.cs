using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpdTokens.Allocation.Core;
using OpdTokens.Allocation.Diagnostics;
using OpdTokens.Allocation.Policies;
using OpdTokens.Allocation.Storage;

namespace OpdTokens.Allocation;

/// <summary>The engine: striped locks per doctor-day, commit-then-publish, lock-free reads, bounded retries on
/// version conflicts, events and metrics after the lock is released.</summary>
/// <remarks>
/// <para>A command takes its doctor-day's stripe lock, decides on the engine's working copy of the day with the pure
/// allocation rules, commits the change to the store conditional on the version, and only then publishes it for
/// readers with one reference swap. If the commit throws, nothing is published. On a version conflict the day is
/// reloaded and the command re-run, up to <see cref="OpdTokenAllocationOptions.MaxConflictRetries"/> times. Readers
/// never take a lock: they read the last published version, or a snapshot of it.</para>
/// <para>This type is thread-safe. Dispose it (or let the DI container do so) to release its meter.</para>
/// </remarks>
[DebuggerDisplay("AllocationEngine: {CachedDoctorDays} doctor-days cached, {StripeCount} stripes")]
public sealed class AllocationEngine : IAllocationEngine, IDisposable
{
    private readonly IStateStore _store;
    private readonly EngineClock _clock;
    private readonly ITokenNumberFormatter _formatter;
    private readonly AllocationMetrics _metrics;
    private readonly ILogger _logger;
    private readonly bool _sharesStore;
    private readonly StripeLocks _stripes;
    private readonly DoctorRegistry _registry;
    private readonly DoctorDayCache _cache;
    private readonly EventDispatcher _events;
    private readonly CommandPipeline _pipeline;
    private readonly AlternativeSearch _alternatives;

    /// <summary>Creates an engine.</summary>
    /// <param name="options">The settings; copied now, validated (every error at once).</param>
    /// <param name="store">The store; a new <see cref="InMemoryStateStore"/> when <see langword="null"/>.</param>
    /// <param name="policy">The priority policy; when <see langword="null"/>, the shipped policy named by
    /// <see cref="OpdTokenAllocationOptions.PriorityPolicy"/>.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="formatter">Token numbers; a <see cref="TokenNumberFormatter"/> with the configured prefix when
    /// <see langword="null"/>.</param>
    /// <param name="sinks">Event sinks to call after every commit.</param>
    /// <param name="logger">Where the engine logs failing sinks, conflicts, store failures and slow commits; nothing
    /// when <see langword="null"/>.</param>
    /// <param name="meterFactory">The host's meter factory, which then owns the engine's meter; when
    /// <see langword="null"/> the engine creates and disposes a meter of its own.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A setting is not valid.</exception>
    public AllocationEngine(
        OpdTokenAllocationOptions options,
        IStateStore? store = null,
        IPriorityPolicy? policy = null,
        TimeProvider? timeProvider = null,
        ITokenNumberFormatter? formatter = null,
        IEnumerable<IAllocationEventSink>? sinks = null,
        ILogger<AllocationEngine>? logger = null,
        IMeterFactory? meterFactory = null
    )
    {
        ArgumentNullException.ThrowIfNull(options);
        OpdTokenAllocationOptionsValidator.ThrowIfInvalid(options);

        _logger = logger ?? (ILogger)NullLogger.Instance;
        store ??= new InMemoryStateStore();
        // The in-memory store never waits, so it needs no deadline (nor its timer per operation).
        _store =
            options.StoreTimeout is { } timeout && store is not InMemoryStateStore
                ? new StoreDeadline(store, timeout, timeProvider ?? TimeProvider.System)
                : store;
        var time = timeProvider ?? TimeProvider.System;
        var zone =
            options.TimeZoneId is { } zoneId && OpdTokenAllocationOptionsValidator.TryFindZone(zoneId, out var found)
                ? found
                : time.LocalTimeZone;
        _clock = new EngineClock(time, zone);
        _formatter = formatter ?? new TokenNumberFormatter(options.TokenNumberPrefix);
        var settings = new RuleSettings(
            zone,
            policy ?? CreatePolicy(options),
            _formatter,
            new AllocationRules(
                options.EmergencyOverflowPerSlot,
                options.EmergencyOverflowPerDay,
                options.MaxBumpsPerToken,
                options.BookingHorizonDays
            ),
            options.MaxConflictRetries
        );
        _stripes = new StripeLocks(options.LockStripes);
        _cache = new DoctorDayCache(_store, time, options.SnapshotMaxAge, options.MaxCachedDoctorDays);
        _metrics = new AllocationMetrics(meterFactory, () => _cache.Count);
        _sharesStore = options.SnapshotMaxAge is not null;
        _registry = new DoctorRegistry(_store, time, options.SnapshotMaxAge, options.MaxConflictRetries, _metrics);
        _events = new EventDispatcher(sinks, _metrics, _logger);
        _pipeline = new CommandPipeline(
            _store,
            _clock,
            _cache,
            _stripes,
            settings,
            _events,
            _metrics,
            _logger,
            SlowCommit
        );
        _alternatives = new AlternativeSearch(_cache, _registry, options.AlternativeDays, options.MaxAlternatives);
    }

    /// <inheritdoc />
    public DateOnly Today => _clock.Today();

    /// <summary>A commit taking this long is logged as slow.</summary>
    private static readonly TimeSpan SlowCommit = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets the engine's meter (for tests and hosts that listen to one engine).</summary>
    internal System.Diagnostics.Metrics.Meter Meter => _metrics.Meter;

    /// <summary>Gets how many doctor-days are cached.</summary>
    internal int CachedDoctorDays => _cache.Count;

    /// <summary>The alternatives search, for tests that call it directly.</summary>
    internal AlternativeSearch Alternatives => _alternatives;

    /// <summary>The doctor-days this engine holds, for tests that change what it holds directly.</summary>
    internal DoctorDayCache Cache => _cache;

    /// <summary>Gets the number of lock stripes.</summary>
    internal int StripeCount => _stripes.Count;

    /// <summary>Creates the shipped policy named in the options.</summary>
    internal static IPriorityPolicy CreatePolicy(OpdTokenAllocationOptions options) =>
        options.PriorityPolicy == PriorityPolicyNames.Weighted
            ? new WeightedPriorityPolicy(options.Weighted)
            : new TieredPriorityPolicy(options.Tiered);

    /// <inheritdoc />
    public ValueTask<CommandResult<Doctor>> RegisterDoctorAsync(
        RegisterDoctor command,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(command);
        return ChangeDoctorAsync(
            command,
            DoctorRules.Register,
            isNew: true,
            static (_, doctor, at, actor) => new DoctorRegistered(doctor, at, actor),
            cancellationToken
        );
    }

    /// <inheritdoc />
    public ValueTask<CommandResult<Doctor>> UpdateDoctorAsync(
        UpdateDoctor command,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(command);
        return ChangeDoctorAsync(
            command,
            DoctorRules.Update,
            isNew: false,
            static (previous, doctor, at, actor) => new DoctorUpdated(previous ?? doctor, doctor, at, actor),
            cancellationToken
        );
    }

    /// <inheritdoc />
    public ValueTask<CommandResult<Doctor>> DeactivateDoctorAsync(
        DeactivateDoctor command,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(command);
        return ChangeDoctorAsync(
            command,
            static (registry, c) =>
                registry.TryGetValue(c.Id, out var doctor)
                    ? CommandResult<Doctor>.Success(doctor with { IsActive = false })
                    : AllocationError.NotFound($"Doctor {c.Id} does not exist."),
            isNew: false,
            static (_, doctor, at, actor) => new DoctorDeactivated(doctor, at, actor),
            cancellationToken
        );
    }

    /// <inheritdoc />
    public async ValueTask<CommandResult<SlotChangeResult>> AddSlotAsync(
        AddSlot command,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(command);
        if (await _registry.FindAsync(command.DoctorId, cancellationToken).ConfigureAwait(false) is not { } doctor)
        {
            return UnknownDoctor(command.DoctorId);
        }

        return await _pipeline
            .ExecuteAsync(
                "add_slot",
                new PartitionKey(doctor.Id, command.Date),
                (command, doctor),
                static (editor, a) => SlotRules.Add(editor, a.doctor, a.command),
                command.Actor,
                urgent: false,
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
        return OnDoctorDayAsync("close_slot", command.SlotId.Partition, command, SlotRules.Close, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<CommandResult<SlotChangeResult>> ResizeSlotAsync(
        ResizeSlot command,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(command);
        return OnDoctorDayAsync("resize_slot", command.SlotId.Partition, command, SlotRules.Resize, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Not async itself: a request seated from the cached doctor and day, the common case, completes with no
    /// state machine of its own.</remarks>
    public ValueTask<CommandResult<AllocationResult>> AllocateAsync(
        AllocateToken command,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(command.Patient, nameof(command));
        if (command.Date is { } date && command.PreferredSlotId is { } slot && slot.Date != date)
        {
            return new(AllocationError.Validation("date", "The date differs from the preferred slot's date."));
        }

        var found = _registry.FindAsync(command.DoctorId, cancellationToken);
        if (!found.IsCompletedSuccessfully)
        {
            return AllocateForAsync(command, found, cancellationToken);
        }

        if (found.Result is not { } doctor)
        {
            return new(UnknownDoctor(command.DoctorId));
        }

        var day = DayOf(command);
        var executed = AllocateOn(command, doctor, day, cancellationToken);
        if (!executed.IsCompletedSuccessfully)
        {
            return CompleteAsync(executed, doctor, day, cancellationToken);
        }

        var result = executed.Result;
        // Stryker disable once Conditional : equivalent; CompleteAsync returns an answer that needs no alternatives as is.
        return NeedsAlternatives(result) ? CompleteAsync(new(result), doctor, day, cancellationToken) : new(result);
    }

    /// <summary><see cref="AllocateAsync(AllocateToken, CancellationToken)"/> once the registry had to look the
    /// doctor up in the store.</summary>
    private async ValueTask<CommandResult<AllocationResult>> AllocateForAsync(
        AllocateToken command,
        ValueTask<Doctor?> found,
        CancellationToken cancellationToken
    )
    {
        if (await found.ConfigureAwait(false) is not { } doctor)
        {
            return UnknownDoctor(command.DoctorId);
        }

        var day = DayOf(command);
        // Stryker disable once Boolean : not testable; the await above left the caller's context unless the lookup ended just before it.
        return await CompleteAsync(AllocateOn(command, doctor, day, cancellationToken), doctor, day, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>The day a request is for: its preferred slot's, else the one it names, else today (read once per
    /// request, so the alternatives are searched from the day the rule ran on).</summary>
    private DateOnly DayOf(AllocateToken command) => command.PreferredSlotId?.Date ?? command.Date ?? Today;

    /// <summary>Runs the allocation rule on the doctor-day.</summary>
    private ValueTask<CommandResult<AllocationResult>> AllocateOn(
        AllocateToken command,
        Doctor doctor,
        DateOnly day,
        CancellationToken cancellationToken
    ) =>
        _pipeline.ExecuteAsync(
            "allocate",
            new PartitionKey(doctor.Id, day),
            (command, doctor),
            static (editor, a) => TokenAllocator.Allocate(editor, a.doctor, a.command),
            command.Actor,
            urgent: command.Source == TokenSource.Emergency,
            cancellationToken
        );

    /// <summary>Whether an answer gets alternatives: a new waitlisting, or a refusal for want of a seat.</summary>
    private bool NeedsAlternatives(CommandResult<AllocationResult> result) =>
        result.IsSuccess
            ? result.Value.Outcome == AllocationOutcome.Waitlisted && !result.Value.IsReplay && _alternatives.IsEnabled
            : result.Error.Code == AllocationErrorCode.SlotFull;

    /// <summary>Awaits the allocation and adds the alternatives its answer needs.</summary>
    private async ValueTask<CommandResult<AllocationResult>> CompleteAsync(
        ValueTask<CommandResult<AllocationResult>> executed,
        Doctor doctor,
        DateOnly day,
        CancellationToken cancellationToken
    )
    {
        var result = await executed.ConfigureAwait(false);
        if (!NeedsAlternatives(result))
        {
            return result;
        }

        if (result.IsSuccess)
        {
            var alternatives = await FindAlternativesAsync(doctor, day, committed: true, cancellationToken)
                .ConfigureAwait(false);
            return result.Value with { Alternatives = alternatives };
        }

        _metrics.Rejection();
        var offered = await FindAlternativesAsync(doctor, day, committed: false, cancellationToken)
            .ConfigureAwait(false);
        return result.Error with { Alternatives = offered };
    }

    /// <inheritdoc />
    public ValueTask<CommandResult<StatusChangeResult>> ChangeStatusAsync(
        ChangeTokenStatus command,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(command);
        return OnDoctorDayAsync(
            "change_status",
            command.TokenId.Partition,
            command,
            TokenTransitions.ChangeStatus,
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
        return OnDoctorDayAsync(
            "reallocate",
            command.TokenId.Partition,
            command,
            Reallocation.Reallocate,
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
        if (await _registry.FindAsync(command.DoctorId, cancellationToken).ConfigureAwait(false) is null)
        {
            return UnknownDoctor(command.DoctorId);
        }

        return await OnDoctorDayAsync(
                "report_delay",
                new PartitionKey(command.DoctorId, command.Date),
                command,
                DelayRules.Report,
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<Doctor?> GetDoctorAsync(DoctorId id, CancellationToken cancellationToken = default) =>
        _registry.FindAsync(id, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<ImmutableArray<Doctor>> GetDoctorsAsync(CancellationToken cancellationToken = default)
    {
        var registry = await _registry.CurrentAsync(cancellationToken).ConfigureAwait(false);
        return [.. registry.Values.OrderBy(d => d.Id)];
    }

    /// <inheritdoc />
    public ValueTask<DoctorDay> GetDoctorDayAsync(
        PartitionKey partition,
        CancellationToken cancellationToken = default
    ) => _cache.GetAsync(partition, cancellationToken);

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
            days.Add(await _cache.GetAsync(key, cancellationToken).ConfigureAwait(false));
        }

        return days.MoveToImmutable();
    }

    /// <inheritdoc />
    public async ValueTask<Token?> GetTokenAsync(TokenId id, CancellationToken cancellationToken = default)
    {
        var token = await _cache
            .ReadAsync(id.Partition, id, static (day, tokenId) => day.Find(tokenId), cancellationToken)
            .ConfigureAwait(false);
        if (token is not null || !_sharesStore || !DoctorId.IsValid(id.Doctor.Value))
        {
            return token;
        }

        // Another instance may have created it since this one cached the day: stale is acceptable, "not found" for a
        // token that exists is not.
        var stored = await _cache.ReloadAsync(id.Partition, cancellationToken).ConfigureAwait(false);
        return stored.FindToken(id);
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
        var day = await _cache.GetAsync(id.Partition, cancellationToken).ConfigureAwait(false);
        return day.FindSlot(id) is { } slot ? AnalyticsCalculator.ForSlot(day, slot) : null;
    }

    /// <inheritdoc />
    public async ValueTask<DoctorDayAnalytics> GetDoctorDayAnalyticsAsync(
        PartitionKey partition,
        CancellationToken cancellationToken = default
    )
    {
        var day = await _cache.GetAsync(partition, cancellationToken).ConfigureAwait(false);
        return AnalyticsCalculator.ForDay(day);
    }

    /// <inheritdoc />
    public async ValueTask<SystemStatus> GetSystemStatusAsync(CancellationToken cancellationToken = default)
    {
        var registry = await _registry.CurrentAsync(cancellationToken).ConfigureAwait(false);
        var days = await GetDoctorDaysAsync(null, cancellationToken).ConfigureAwait(false);
        return AnalyticsCalculator.ForSystem([.. registry.Values], days);
    }

    /// <inheritdoc />
    public IDisposable Subscribe(IAllocationEventSink sink) => _events.Subscribe(sink);

    /// <summary>Runs a registry change, then tells the sinks what changed (after the registry's lock is released, as
    /// for doctor-days).</summary>
    private async ValueTask<CommandResult<Doctor>> ChangeDoctorAsync<TCommand>(
        TCommand command,
        Func<IReadOnlyDictionary<DoctorId, Doctor>, TCommand, CommandResult<Doctor>> rule,
        bool isNew,
        Func<Doctor?, Doctor, DateTimeOffset, string?, DoctorEvent> raise,
        CancellationToken cancellationToken
    )
        where TCommand : AllocationCommand
    {
        var (result, previous) = await _registry
            .ChangeAsync(command, rule, isNew, cancellationToken)
            .ConfigureAwait(false);
        if (result.IsSuccess)
        {
            _events.Deliver(raise(previous, result.Value, _clock.Now(), command.Actor));
        }

        return result;
    }

    /// <summary>Releases the meter and the registry's lock.</summary>
    public void Dispose()
    {
        _metrics.Dispose();
        _registry.Dispose();
    }

    /// <summary>Runs a doctor-day command on a partition named by the command's ids.</summary>
    private ValueTask<CommandResult<T>> OnDoctorDayAsync<TCommand, T>(
        string name,
        PartitionKey key,
        TCommand command,
        Rule<TCommand, T> rule,
        CancellationToken cancellationToken
    )
        where TCommand : AllocationCommand
        where T : class =>
        DoctorId.IsValid(key.Doctor.Value)
            ? _pipeline.ExecuteAsync(name, key, command, rule, command.Actor, urgent: false, cancellationToken)
            : new(UnknownDoctor(key.Doctor));

    /// <summary>Finds alternatives for a waitlisted or refused request. After a commit nothing may turn the answer
    /// into an error: a failure here (a store that stopped answering, say) is logged and the answer goes without
    /// alternatives.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage(
        "Design",
        "CA1031:Do not catch general exception types",
        Justification = "The command is committed; the alternatives are a courtesy that must not fail it."
    )]
    private async ValueTask<ImmutableArray<Alternative>> FindAlternativesAsync(
        Doctor doctor,
        DateOnly date,
        bool committed,
        CancellationToken cancellationToken
    )
    {
        try
        {
            return await _alternatives.FindAsync(doctor, date, _clock.Now(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (committed && e is not OperationCanceledException)
        {
            EngineLog.AfterCommitFailed(_logger, "allocate", new PartitionKey(doctor.Id, date), e);
            return [];
        }
    }

    private static AllocationError UnknownDoctor(DoctorId id) =>
        AllocationError.NotFound($"Doctor {id} does not exist.");
}
