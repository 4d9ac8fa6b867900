using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OpdTokens.Allocation.Diagnostics;

/// <summary>The engine's instruments. One meter per engine, so tests and several engines in one process count
/// separately.</summary>
internal sealed class AllocationMetrics : IDisposable
{
    public static readonly ActivitySource ActivitySource = new(AllocationTelemetry.ActivitySourceName);

    private static readonly KeyValuePair<string, object?> Allocated = new(AllocationTelemetry.OutcomeTag, "allocated");
    private static readonly KeyValuePair<string, object?> BumpedOther = new(
        AllocationTelemetry.OutcomeTag,
        "bumped_other"
    );
    private static readonly KeyValuePair<string, object?> Overflow = new(AllocationTelemetry.OutcomeTag, "overflow");
    private static readonly KeyValuePair<string, object?> Waitlisted = new(
        AllocationTelemetry.OutcomeTag,
        "waitlisted"
    );
    private static readonly KeyValuePair<string, object?> Rejected = new(AllocationTelemetry.OutcomeTag, "rejected");

    private readonly Counter<long> _allocations;
    private readonly Counter<long> _bumps;
    private readonly Counter<long> _overflows;
    private readonly Counter<long> _cancellations;
    private readonly Counter<long> _noShows;
    private readonly Counter<long> _promotions;
    private readonly Counter<long> _conflicts;
    private readonly Counter<long> _sinkFailures;

    private readonly Histogram<double> _commandDuration;
    private readonly Histogram<double> _commitDuration;

    /// <summary>Creates the engine's instruments on a meter of the host's factory when it has one (so the host's
    /// metrics pipeline owns and disposes it), else on a meter of the engine's own.</summary>
    public AllocationMetrics(IMeterFactory? factory = null, Func<int>? cachedDoctorDays = null)
    {
        var version = typeof(AllocationMetrics).Assembly.GetName().Version?.ToString();
        Meter =
            factory?.Create(new MeterOptions(AllocationTelemetry.MeterName) { Version = version })
            ?? new Meter(AllocationTelemetry.MeterName, version);
        _ownsMeter = factory is null;
        _allocations = Meter.CreateCounter<long>(
            AllocationTelemetry.Allocations,
            "{request}",
            "Allocation requests by outcome."
        );
        _bumps = Meter.CreateCounter<long>(
            AllocationTelemetry.Bumps,
            "{token}",
            "Tokens bumped by higher-ranked requests."
        );
        _overflows = Meter.CreateCounter<long>(
            AllocationTelemetry.Overflows,
            "{token}",
            "Emergencies placed over capacity."
        );
        _cancellations = Meter.CreateCounter<long>(AllocationTelemetry.Cancellations, "{token}", "Cancelled tokens.");
        _noShows = Meter.CreateCounter<long>(AllocationTelemetry.NoShows, "{token}", "No-show tokens.");
        _promotions = Meter.CreateCounter<long>(
            AllocationTelemetry.Promotions,
            "{token}",
            "Waitlisted tokens promoted into a seat."
        );
        _conflicts = Meter.CreateCounter<long>(
            AllocationTelemetry.Conflicts,
            "{commit}",
            "Store commits refused for a stale version."
        );
        _sinkFailures = Meter.CreateCounter<long>(
            AllocationTelemetry.EventSinkFailures,
            "{call}",
            "Event sinks that threw."
        );
        _commandDuration = DurationHistograms.Create(
            Meter,
            AllocationTelemetry.CommandDuration,
            "Time a command takes in the engine, store commit included.",
            DurationHistograms.Command
        );
        _commitDuration = DurationHistograms.Create(
            Meter,
            AllocationTelemetry.StoreCommitDuration,
            "Time the store takes to commit one change.",
            DurationHistograms.Command
        );
        if (cachedDoctorDays is not null)
        {
            Meter.CreateObservableUpDownCounter(
                AllocationTelemetry.CachedDoctorDays,
                cachedDoctorDays,
                "{doctor_day}",
                "Doctor-days the engine holds in its cache."
            );
        }
    }

    public Meter Meter { get; }

    /// <summary>Whether the meter is the engine's own, to dispose with it.</summary>
    private readonly bool _ownsMeter;

    /// <summary>Whether anyone listens to command durations: only then are commands timed.</summary>
    public bool TimesCommands => _commandDuration.Enabled;

    /// <summary>Whether anyone listens to commit durations.</summary>
    public bool TimesCommits => _commitDuration.Enabled;

    public void CommandTook(TimeSpan elapsed, string command, string result) =>
        _commandDuration.Record(
            elapsed.TotalSeconds,
            new KeyValuePair<string, object?>(AllocationTelemetry.CommandTag, command),
            new KeyValuePair<string, object?>(AllocationTelemetry.ResultTag, result)
        );

    public void CommitTook(TimeSpan elapsed, string store) =>
        _commitDuration.Record(
            elapsed.TotalSeconds,
            new KeyValuePair<string, object?>(AllocationTelemetry.StoreTag, store)
        );

    public void Conflict() => _conflicts.Add(1);

    public void SinkFailure() => _sinkFailures.Add(1);

    public void Rejection()
    {
        if (_allocations.Enabled)
        {
            _allocations.Add(1, Rejected);
        }
    }

    /// <summary>Whether anyone listens to a counter that <see cref="Record"/> adds to.</summary>
    private bool CountsEvents =>
        _allocations.Enabled
        || _bumps.Enabled
        || _overflows.Enabled
        || _cancellations.Enabled
        || _noShows.Enabled
        || _promotions.Enabled;

    public void Record(ImmutableArray<AllocationEvent> events)
    {
        // Most engines run with nobody listening: the counters' generic code is then neither run nor compiled.
        // Stryker disable once Block,Statement : equivalent; a counter nobody listens to drops what it is given.
        if (!CountsEvents)
        {
            return;
        }

        foreach (var e in events)
        {
            switch (e)
            {
                case TokenAllocated allocated:
                    _allocations.Add(
                        1,
                        allocated.Outcome switch
                        {
                            AllocationOutcome.BumpedOther => BumpedOther,
                            AllocationOutcome.Overflow => Overflow,
                            _ => Allocated,
                        }
                    );
                    break;
                case TokenWaitlisted:
                    _allocations.Add(1, Waitlisted);
                    break;
                case TokenBumped:
                    _bumps.Add(1);
                    break;
                case EmergencyOverflowed:
                    _overflows.Add(1);
                    break;
                case TokenCancelled:
                    _cancellations.Add(1);
                    break;
                case TokenMarkedNoShow:
                    _noShows.Add(1);
                    break;
                case TokenPromoted:
                    _promotions.Add(1);
                    break;
            }
        }
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            Meter.Dispose();
        }
    }
}
