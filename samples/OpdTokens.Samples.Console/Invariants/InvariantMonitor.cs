using System.Collections.Immutable;
using OpdTokens.Allocation;
using OpdTokens.Samples.Console.Simulation;

namespace OpdTokens.Samples.Console.Invariants;

/// <summary>Checks invariants 1 to 6 after every command of a scenario (on the doctor-day it changed) and on the
/// final state.</summary>
/// <remarks>It reads the engine only through <see cref="IAllocationEngine"/> and subscribes to its events, like any
/// host would. Single-threaded, like the scenario it watches.</remarks>
public sealed class InvariantMonitor : IScenarioObserver, IAllocationEventSink, IDisposable
{
    private readonly IAllocationEngine _engine;
    private readonly TimeProvider _clock;
    private readonly int _overflowPerSlot;
    private readonly int _maxBumpsPerToken;
    private readonly InvariantLedger _ledger = new();
    private readonly IDisposable _subscription;

    /// <summary>Events delivered since the last command began.</summary>
    private readonly List<AllocationEvent> _events = [];

    /// <summary>Token numbers seen anywhere so far.</summary>
    private readonly HashSet<string> _numbers = new(StringComparer.Ordinal);

    /// <summary>Tokens as they were when they became terminal, to compare with the final state.</summary>
    private readonly Dictionary<TokenId, Token> _terminal = [];

    /// <summary>The snapshot read just before the command under way.</summary>
    private DoctorDay? _before;

    private int _commands;
    private int _finalDays;

    /// <param name="engine">The engine to watch.</param>
    /// <param name="clock">The engine's clock (which slots have ended depends on it).</param>
    /// <param name="options">The engine's options, for the overflow allowance and the bump limit.</param>
    public InvariantMonitor(IAllocationEngine engine, TimeProvider clock, OpdTokenAllocationOptions options)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(options);
        _engine = engine;
        _clock = clock;
        _overflowPerSlot = options.EmergencyOverflowPerSlot;
        _maxBumpsPerToken = options.MaxBumpsPerToken;
        _subscription = engine.Subscribe(this);
    }

    /// <summary>Gets how many violations were found so far.</summary>
    public int Violations => _ledger.Violations;

    public async ValueTask BeforeCommandAsync(PartitionKey partition, CancellationToken cancellationToken)
    {
        _events.Clear();
        _before = await _engine.GetDoctorDayAsync(partition, cancellationToken);
    }

    public async ValueTask AfterCommandAsync(
        PartitionKey partition,
        string command,
        CancellationToken cancellationToken
    )
    {
        var after = await _engine.GetDoctorDayAsync(partition, cancellationToken);
        var before = _before is { } b && b.Key == partition ? b : DoctorDay.Empty(partition);
        _commands++;
        InvariantRules.CheckChange(before, after, _events, _numbers, _ledger);
        InvariantRules.CheckSnapshot(after, _clock.GetUtcNow(), _overflowPerSlot, _ledger);
        foreach (var e in _events)
        {
            if (
                e is TokenCancelled or TokenMarkedNoShow or TokenStatusChanged { To: TokenStatus.Completed }
                && after.FindToken(TokenOf(e)) is { } token
            )
            {
                _terminal[token.Id] = token;
            }
        }

        _events.Clear();
        _before = null;
    }

    public void OnCommitted(ImmutableArray<AllocationEvent> events) => _events.AddRange(events);

    /// <summary>Checks the final state of the run's doctor-days.</summary>
    /// <param name="partitions">The doctor-days of the run.</param>
    /// <param name="created">Every token the run created.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    public async Task CheckFinalStateAsync(
        IEnumerable<PartitionKey> partitions,
        IReadOnlyCollection<TokenId> created,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(partitions);
        var days = new List<DoctorDay>();
        foreach (var partition in partitions)
        {
            var day = await _engine.GetDoctorDayAsync(partition, cancellationToken);
            InvariantRules.CheckSnapshot(day, _clock.GetUtcNow(), _overflowPerSlot, _ledger);
            days.Add(day);
        }

        _finalDays = days.Count;
        InvariantRules.CheckFinal(days, created, _maxBumpsPerToken, _ledger);
        _ledger.Checked(Invariant.Terminal);
        var byPartition = days.ToDictionary(d => d.Key);
        foreach (var (id, then) in _terminal)
        {
            var now = byPartition.TryGetValue(id.Partition, out var day) ? day.FindToken(id) : null;
            if (!Equals(now, then))
            {
                _ledger.Violated(Invariant.Terminal, $"{id} changed after it became {then.Status}.");
            }
        }
    }

    private static TokenId TokenOf(AllocationEvent e) =>
        e switch
        {
            TokenCancelled c => c.TokenId,
            TokenMarkedNoShow n => n.TokenId,
            TokenStatusChanged s => s.TokenId,
            _ => default,
        };

    public InvariantReport Report() => new(_ledger.Results(), _commands, _finalDays);

    public void Dispose() => _subscription.Dispose();
}
