using OpdTokens.Allocation.Core;
using OpdTokens.Allocation.Policies;

namespace OpdTokens.Allocation;

/// <summary>What the engine hands every rule besides the day and the command: the zone, the policy, token numbers and
/// the rule numbers, with the retry settings of the command path.</summary>
internal sealed class RuleSettings(
    TimeZoneInfo zone,
    IPriorityPolicy policy,
    ITokenNumberFormatter formatter,
    AllocationRules rules,
    int maxConflictRetries
)
{
    public IPriorityPolicy Policy => policy;

    public ITokenNumberFormatter Formatter => formatter;

    /// <summary>Re-runs after a version conflict.</summary>
    public int MaxConflictRetries => maxConflictRetries;

    public RuleContext Context(DateTimeOffset now, string? actor) => new(now, zone, policy, formatter, rules, actor);
}
