namespace OpdTokens.Allocation.Policies;

/// <summary>The default policy: a base score by source plus a bonus for booking early.</summary>
/// <remarks>
/// <para>With the default numbers: Emergency 1000, Paid 100, FollowUp 50, Online 30, WalkIn 10, plus 5 when the
/// request is made more than 24 hours before the slot starts. Emergencies always score exactly
/// <see cref="TieredPriorityOptions.EmergencyScore"/>.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
public sealed class TieredPriorityPolicy : IPriorityPolicy
{
    private readonly int _emergency;
    private readonly int _paid;
    private readonly int _followUp;
    private readonly int _online;
    private readonly int _walkIn;
    private readonly int _bonus;
    private readonly TimeSpan _leadTime;

    /// <summary>Creates the policy with the default numbers.</summary>
    public TieredPriorityPolicy()
        : this(new TieredPriorityOptions()) { }

    /// <summary>Creates the policy with the given numbers, copied at construction.</summary>
    /// <param name="options">The numbers.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public TieredPriorityPolicy(TieredPriorityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _emergency = options.EmergencyScore;
        _paid = options.PaidScore;
        _followUp = options.FollowUpScore;
        _online = options.OnlineScore;
        _walkIn = options.WalkInScore;
        _bonus = options.EarlyBookingBonus;
        _leadTime = options.EarlyBookingLeadTime;
    }

    /// <inheritdoc />
    public string Name => PriorityPolicyNames.Tiered;

    /// <inheritdoc />
    public int Score(in PriorityRequest request)
    {
        var baseScore = request.Source switch
        {
            TokenSource.Emergency => _emergency,
            TokenSource.Paid => _paid,
            TokenSource.FollowUp => _followUp,
            TokenSource.Online => _online,
            TokenSource.WalkIn => _walkIn,
            _ => throw new ArgumentOutOfRangeException(nameof(request), request.Source, "Unknown token source."),
        };

        var early = request.Source != TokenSource.Emergency && request.LeadTime > _leadTime;
        return early ? baseScore + _bonus : baseScore;
    }
}
