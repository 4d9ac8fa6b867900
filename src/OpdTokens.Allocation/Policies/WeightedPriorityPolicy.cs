namespace OpdTokens.Allocation.Policies;

/// <summary>A policy that weighs the source and rewards asking while the slot is still empty.</summary>
/// <remarks>
/// <para>Score = weight x 10 + max(0, 10 - slot occupancy at request time), with the default weights Emergency 100,
/// Paid 10, FollowUp 5, Online 3, WalkIn 1.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
public sealed class WeightedPriorityPolicy : IPriorityPolicy
{
    private readonly int _emergency;
    private readonly int _paid;
    private readonly int _followUp;
    private readonly int _online;
    private readonly int _walkIn;
    private readonly int _multiplier;
    private readonly int _ceiling;

    /// <summary>Creates the policy with the default numbers.</summary>
    public WeightedPriorityPolicy()
        : this(new WeightedPriorityOptions()) { }

    /// <summary>Creates the policy with the given numbers, copied at construction.</summary>
    /// <param name="options">The numbers.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public WeightedPriorityPolicy(WeightedPriorityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _emergency = options.EmergencyWeight;
        _paid = options.PaidWeight;
        _followUp = options.FollowUpWeight;
        _online = options.OnlineWeight;
        _walkIn = options.WalkInWeight;
        _multiplier = options.WeightMultiplier;
        _ceiling = options.OccupancyBonusCeiling;
    }

    /// <inheritdoc />
    public string Name => PriorityPolicyNames.Weighted;

    /// <inheritdoc />
    public int Score(in PriorityRequest request)
    {
        var weight = request.Source switch
        {
            TokenSource.Emergency => _emergency,
            TokenSource.Paid => _paid,
            TokenSource.FollowUp => _followUp,
            TokenSource.Online => _online,
            TokenSource.WalkIn => _walkIn,
            _ => throw new ArgumentOutOfRangeException(nameof(request), request.Source, "Unknown token source."),
        };

        return weight * _multiplier + Math.Max(0, _ceiling - request.SlotOccupancy);
    }
}
