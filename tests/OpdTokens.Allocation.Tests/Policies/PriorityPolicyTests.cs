using OpdTokens.Allocation.Policies;

namespace OpdTokens.Allocation.Tests.Policies;

/// <summary>The two shipped policies of design section 4.</summary>
public sealed class PriorityPolicyTests
{
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);

    [Theory]
    [InlineData(TokenSource.Emergency, 1000)]
    [InlineData(TokenSource.Paid, 100)]
    [InlineData(TokenSource.FollowUp, 50)]
    [InlineData(TokenSource.Online, 30)]
    [InlineData(TokenSource.WalkIn, 10)]
    public void Tiered_base_scores_by_source(TokenSource source, int score)
    {
        var policy = new TieredPriorityPolicy();

        Assert.Equal(score, policy.Score(new PriorityRequest(source, TimeSpan.FromHours(1), 3, 10)));
        Assert.Equal(score, policy.Score(new PriorityRequest(source, null, 0, 0)));
        Assert.Equal("tiered", policy.Name);
    }

    [Theory]
    [InlineData(TokenSource.Paid, 100)]
    [InlineData(TokenSource.FollowUp, 50)]
    [InlineData(TokenSource.Online, 30)]
    [InlineData(TokenSource.WalkIn, 10)]
    public void Tiered_early_booking_bonus_needs_strictly_more_than_24_hours(TokenSource source, int score)
    {
        var policy = new TieredPriorityPolicy();

        Assert.Equal(score, policy.Score(new PriorityRequest(source, Day, 0, 10)));
        Assert.Equal(score + 5, policy.Score(new PriorityRequest(source, Day + TimeSpan.FromTicks(1), 0, 10)));
        Assert.Equal(score + 5, policy.Score(new PriorityRequest(source, TimeSpan.FromDays(30), 0, 10)));
        Assert.Equal(score, policy.Score(new PriorityRequest(source, TimeSpan.FromHours(-2), 0, 10)));
    }

    [Fact]
    public void Tiered_emergency_scores_exactly_the_emergency_score_with_no_bonus()
    {
        var policy = new TieredPriorityPolicy();

        Assert.Equal(1000, policy.Score(new PriorityRequest(TokenSource.Emergency, TimeSpan.FromDays(3), 0, 10)));
    }

    [Fact]
    public void Tiered_numbers_come_from_its_options_copied_at_construction()
    {
        var options = new TieredPriorityOptions
        {
            EmergencyScore = 500,
            PaidScore = 40,
            EarlyBookingBonus = 7,
            EarlyBookingLeadTime = TimeSpan.FromHours(2),
        };
        var policy = new TieredPriorityPolicy(options);
        options.PaidScore = 1;

        Assert.Equal(47, policy.Score(new PriorityRequest(TokenSource.Paid, TimeSpan.FromHours(3), 0, 1)));
        Assert.Equal(500, policy.Score(new PriorityRequest(TokenSource.Emergency, TimeSpan.FromHours(3), 0, 1)));
        Assert.Throws<ArgumentNullException>(() => new TieredPriorityPolicy(null!));
    }

    [Theory]
    [InlineData(TokenSource.Emergency, 0, 1010)]
    [InlineData(TokenSource.Paid, 0, 110)]
    [InlineData(TokenSource.FollowUp, 3, 57)]
    [InlineData(TokenSource.Online, 9, 31)]
    [InlineData(TokenSource.WalkIn, 10, 10)]
    [InlineData(TokenSource.WalkIn, 250, 10)]
    public void Weighted_score_is_weight_times_10_plus_the_occupancy_bonus(TokenSource source, int occupancy, int score)
    {
        var policy = new WeightedPriorityPolicy();

        Assert.Equal(score, policy.Score(new PriorityRequest(source, TimeSpan.FromDays(2), occupancy, 300)));
        Assert.Equal("weighted", policy.Name);
    }

    [Fact]
    public void Weighted_numbers_come_from_its_options()
    {
        var policy = new WeightedPriorityPolicy(
            new WeightedPriorityOptions
            {
                OnlineWeight = 4,
                WeightMultiplier = 100,
                OccupancyBonusCeiling = 50,
            }
        );

        Assert.Equal(4 * 100 + 45, policy.Score(new PriorityRequest(TokenSource.Online, null, 5, 10)));
        Assert.Throws<ArgumentNullException>(() => new WeightedPriorityPolicy(null!));
    }

    [Fact]
    public void Unknown_sources_are_misuse()
    {
        var request = new PriorityRequest((TokenSource)9, null, 0, 0);

        foreach (
            IPriorityPolicy policy in new IPriorityPolicy[] { new TieredPriorityPolicy(), new WeightedPriorityPolicy() }
        )
        {
            var misuse = Assert.Throws<ArgumentOutOfRangeException>(() => policy.Score(request));
            Assert.Contains("Unknown token source", misuse.Message, StringComparison.Ordinal);
        }
    }
}
