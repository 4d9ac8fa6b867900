using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OpdTokens.Allocation.Core;
using OpdTokens.Allocation.Diagnostics;
using OpdTokens.Allocation.Storage;

namespace OpdTokens.Allocation;

/// <summary>A pure rule run on one doctor-day through its editor.</summary>
internal delegate Decision<T> Rule<in TArg, T>(DayEditor editor, TArg argument)
    where T : class;

/// <summary>The command path of the engine shell: stripe lock, the doctor-day's working copy, the rule, the store
/// commit, publication, and only then (the lock released) events and metrics.</summary>
/// <remarks>
/// <para>A command takes its doctor-day's stripe lock and gets the cell's back copy (brought up to date, or built
/// from the store when the cache is cold or stale). The rule decides on it in place. A change is committed to the
/// store conditional on the version; only then is the back copy published as the front with one reference swap. If
/// the commit throws, or the rule refuses after touching the copy, nothing is published and the copy is undone before
/// the next command, so the visible state and the store never diverge. On a version conflict the day is reloaded
/// and the command re-run, a bounded number of times.</para>
/// <para>A refusal decided on a cached copy commits nothing, so no version check would catch a copy another instance
/// has changed since: a refusal is confirmed against the store's version, and decided again on the stored day if
/// that moved on.</para>
/// </remarks>
internal sealed class CommandPipeline(
    IStateStore store,
    EngineClock clock,
    DoctorDayCache cache,
    StripeLocks stripes,
    RuleSettings settings,
    EventDispatcher events,
    AllocationMetrics metrics,
    ILogger logger,
    TimeSpan slowCommit
)
{
    /// <summary>The store's type, for the commit histogram.</summary>
    private readonly string _storeName = (store is StoreDeadline deadline ? deadline.Inner : store).GetType().Name;

    /// <summary>Runs a rule on a doctor-day. <paramref name="urgent"/> commands (emergencies) are re-run after
    /// version conflicts ten times as often, so contention between instances never refuses them.</summary>
    /// <remarks>One async method for the whole command: each nested one costs every command its state machine and a
    /// fresh process its compilation.</remarks>
    public async ValueTask<CommandResult<T>> ExecuteAsync<TArg, T>(
        string command,
        PartitionKey key,
        TArg argument,
        Rule<TArg, T> rule,
        string? actor,
        bool urgent,
        CancellationToken cancellationToken
    )
        where T : class
    {
        var started = metrics.TimesCommands ? Stopwatch.GetTimestamp() : 0;
        using var activity = AllocationMetrics.ActivitySource.StartActivity(command);
        activity?.SetTag("opdtokens.partition", key.ToString());
        try
        {
            var stripe = stripes.For(key);
            var maxRetries = urgent ? Math.Max(30, 10 * settings.MaxConflictRetries) : settings.MaxConflictRetries;
            for (var attempt = 0; ; attempt++)
            {
                ImmutableArray<AllocationEvent> committed = default;
                Decision<T> decision;
                DateTimeOffset now;
                await stripe.EnterAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    var cell = cache.Find(key);
                    var cached = cell is not null && cache.IsFresh(cell) ? cell.BeginWrite() : null;
                    DayState day;
                    if (cached is not null)
                    {
                        day = cached;
                    }
                    else
                    {
                        (day, cell) = await LoadAsync(key, cell, cancellationToken).ConfigureAwait(false);
                    }

                    now = clock.Now();
                    var editor = cell!.Editor.Begin(day, settings.Context(now, actor));
                    try
                    {
                        decision = rule(editor, argument);
                        if (decision.Change is { } change)
                        {
                            await CommitAsync(change, cancellationToken).ConfigureAwait(false);
                            cell.Publish(cache.Timestamp());
                            if (!cell.Registered)
                            {
                                cache.Register(cell);
                            }

                            committed = change.Events;
                        }
                    }
                    catch (ConcurrencyConflictException)
                    {
                        cell.Discard();
                        cell.Invalidate();
                        metrics.Conflict();
                        if (attempt >= maxRetries)
                        {
                            EngineLog.ConflictsExhausted(logger, key, attempt + 1);
                            return Took<T>(
                                command,
                                started,
                                new AllocationError(
                                    AllocationErrorCode.Conflict,
                                    $"Doctor-day {key} kept changing under concurrent writers; try again."
                                )
                            );
                        }

                        EngineLog.ConflictRetried(logger, key, attempt + 1);
                        continue;
                    }
                    catch
                    {
                        // The store failed or the command was cancelled: nothing was published, so undo the copy.
                        cell.Discard();
                        throw;
                    }

                    if (decision.Change is null)
                    {
                        cell.Discard();
                        if (
                            cached is not null
                            && await ChangedInStoreAsync(cell, cancellationToken).ConfigureAwait(false)
                        )
                        {
                            continue;
                        }
                    }
                }
                finally
                {
                    stripe.Exit();
                }

                // Events and metrics run after the lock is released so a slow sink never blocks other writers.
                if (!committed.IsDefault)
                {
                    cache.EvictPastDaysOnceADay(DateOnly.FromDateTime(now.DateTime));
                    metrics.Record(committed);
                    if (!committed.IsEmpty)
                    {
                        events.Deliver(committed);
                    }
                }

                return Took(command, started, decision.Result);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            EngineLog.CommandFailed(logger, command, key, e);
            if (started != 0)
            {
                metrics.CommandTook(Stopwatch.GetElapsedTime(started), command, "exception");
            }

            throw;
        }
    }

    /// <summary>Records how long a command took, when someone listens.</summary>
    private CommandResult<T> Took<T>(string command, long started, CommandResult<T> result)
        where T : class
    {
        if (started != 0)
        {
            metrics.CommandTook(
                Stopwatch.GetElapsedTime(started),
                command,
                result.IsSuccess ? "success" : result.Error.Code.ToWireName()
            );
        }

        return result;
    }

    /// <summary>Commits a change, timing it when someone listens or a slow commit would be logged; untimed commits
    /// go straight to the store, with no state machine of their own.</summary>
    private ValueTask CommitAsync(PartitionChange change, CancellationToken cancellationToken) =>
        // Stryker disable once Conditional : equivalent when true; timing a commit nobody watches only reads the clock.
        metrics.TimesCommits || logger.IsEnabled(LogLevel.Warning)
            ? CommitTimedAsync(change, cancellationToken)
            : store.CommitAsync(change, cancellationToken);

    private async ValueTask CommitTimedAsync(PartitionChange change, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await store.CommitAsync(change, cancellationToken).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        metrics.CommitTook(elapsed, _storeName);
        // Stryker disable once Equality : equivalent at the boundary; no commit takes exactly the threshold to the tick.
        if (elapsed >= slowCommit)
        {
            EngineLog.SlowCommit(logger, elapsed, change.Partition, change.NewVersion);
        }
    }

    /// <summary>Builds the working copies of a doctor-day the engine does not hold fresh: from a snapshot a reader
    /// loaded lately, else from the store (an empty day when nothing was ever stored).</summary>
    private async ValueTask<(DayState State, DoctorDayCell Cell)> LoadAsync(
        PartitionKey key,
        DoctorDayCell? cell,
        CancellationToken cancellationToken
    )
    {
        var timestamp = cache.Timestamp();
        DoctorDay loaded;
        if (cell is not null && !cell.HasCopies && cache.IsFresh(cell))
        {
            loaded = cell.Snapshot();
        }
        else
        {
            loaded =
                await store.LoadPartitionAsync(key, cancellationToken).ConfigureAwait(false) ?? DoctorDay.Empty(key);
        }

        // A new cell is kept only once a change is committed in it, so failed commands for unknown days cost no
        // memory.
        cell ??= new DoctorDayCell(loaded, timestamp);
        return (cell.Adopt(loaded, timestamp), cell);
    }

    /// <summary>Whether the store holds another version than the cell (another instance moved the day on); the cell
    /// then takes the stored day.</summary>
    private async ValueTask<bool> ChangedInStoreAsync(DoctorDayCell cell, CancellationToken cancellationToken)
    {
        var version = await store.GetPartitionVersionAsync(cell.Key, cancellationToken).ConfigureAwait(false);
        if (version == 0 || version == cell.Version)
        {
            cell.Confirm(cache.Timestamp());
            return false;
        }

        if (await store.LoadPartitionAsync(cell.Key, cancellationToken).ConfigureAwait(false) is { } stored)
        {
            cell.Adopt(stored, cache.Timestamp());
        }

        return true;
    }
}
