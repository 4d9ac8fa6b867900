namespace OpdTokens.Allocation.Policies;

/// <summary>The numbers of <see cref="WeightedPriorityPolicy"/>.</summary>
/// <remarks>Options are read once, when the policy is created; they are not thread-safe to change afterwards.</remarks>
public sealed class WeightedPriorityOptions
{
    /// <summary>Gets or sets the weight of emergencies.</summary>
    /// <value>The default value is 100.</value>
    public int EmergencyWeight { get; set; } = 100;

    /// <summary>Gets or sets the weight of paid priority requests.</summary>
    /// <value>The default value is 10.</value>
    public int PaidWeight { get; set; } = 10;

    /// <summary>Gets or sets the weight of follow-ups.</summary>
    /// <value>The default value is 5.</value>
    public int FollowUpWeight { get; set; } = 5;

    /// <summary>Gets or sets the weight of online bookings.</summary>
    /// <value>The default value is 3.</value>
    public int OnlineWeight { get; set; } = 3;

    /// <summary>Gets or sets the weight of walk-ins.</summary>
    /// <value>The default value is 1.</value>
    public int WalkInWeight { get; set; } = 1;

    /// <summary>Gets or sets what each weight point is worth.</summary>
    /// <value>The default value is 10.</value>
    public int WeightMultiplier { get; set; } = 10;

    /// <summary>Gets or sets the occupancy bonus ceiling: the bonus is <c>max(0, ceiling - occupancy)</c>.</summary>
    /// <value>The default value is 10.</value>
    public int OccupancyBonusCeiling { get; set; } = 10;
}
