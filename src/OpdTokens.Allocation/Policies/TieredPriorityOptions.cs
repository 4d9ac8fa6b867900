namespace OpdTokens.Allocation.Policies;

/// <summary>The numbers of <see cref="TieredPriorityPolicy"/>.</summary>
/// <remarks>Options are read once, when the policy is created; they are not thread-safe to change afterwards.</remarks>
public sealed class TieredPriorityOptions
{
    /// <summary>Gets or sets the score of every emergency (no bonus is added to it).</summary>
    /// <value>The default value is 1000.</value>
    public int EmergencyScore { get; set; } = 1000;

    /// <summary>Gets or sets the base score of paid priority requests.</summary>
    /// <value>The default value is 100.</value>
    public int PaidScore { get; set; } = 100;

    /// <summary>Gets or sets the base score of follow-ups.</summary>
    /// <value>The default value is 50.</value>
    public int FollowUpScore { get; set; } = 50;

    /// <summary>Gets or sets the base score of online bookings.</summary>
    /// <value>The default value is 30.</value>
    public int OnlineScore { get; set; } = 30;

    /// <summary>Gets or sets the base score of walk-ins.</summary>
    /// <value>The default value is 10.</value>
    public int WalkInScore { get; set; } = 10;

    /// <summary>Gets or sets the bonus for booking early.</summary>
    /// <value>The default value is 5.</value>
    public int EarlyBookingBonus { get; set; } = 5;

    /// <summary>Gets or sets how far ahead of the slot a request must be made to earn the early-booking bonus.</summary>
    /// <value>The default value is 24 hours; the request must be made strictly more than this before the slot.</value>
    public TimeSpan EarlyBookingLeadTime { get; set; } = TimeSpan.FromHours(24);
}
