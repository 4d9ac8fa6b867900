using OpdTokens.Allocation.Policies;

namespace OpdTokens.Allocation.Core;

/// <summary>Everything a rule may read besides the snapshot and the command: the time, the zone, the policy and the
/// numbers. Passing it in keeps the rules free of clocks and configuration.</summary>
internal readonly record struct RuleContext(
    DateTimeOffset Now,
    TimeZoneInfo TimeZone,
    IPriorityPolicy Policy,
    ITokenNumberFormatter Formatter,
    AllocationRules Rules,
    string? Actor
)
{
    /// <summary>Today in the hospital's time zone.</summary>
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Now, TimeZone).DateTime);

    /// <summary>The same context with another actor.</summary>
    public RuleContext WithActor(string? actor) => this with { Actor = actor };
}
