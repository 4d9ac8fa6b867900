using Microsoft.Extensions.Options;

namespace OpdTokens.Allocation.Tests.Engine;

/// <summary>Settings are validated all at once, each bad one named.</summary>
public sealed class OpdTokenAllocationOptionsTests
{
    [Fact]
    public void Defaults_are_valid_and_documented_numbers()
    {
        var options = new OpdTokenAllocationOptions();

        using var engine = new AllocationEngine(options);

        Assert.Equal(
            (1, (int?)null, 2, 3, "tiered", "DOC", (string?)null, 7, 3, (TimeSpan?)null),
            (
                options.EmergencyOverflowPerSlot,
                options.EmergencyOverflowPerDay,
                options.MaxBumpsPerToken,
                options.MaxConflictRetries,
                options.PriorityPolicy,
                options.TokenNumberPrefix,
                options.TimeZoneId,
                options.AlternativeDays,
                options.MaxAlternatives,
                options.SnapshotMaxAge
            )
        );
        Assert.Equal("OpdTokens", OpdTokenAllocationOptions.DefaultSectionName);

        // 128 per processor, a power of two within the valid range.
        Assert.Equal(
            Math.Min(
                4096,
                (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(128 * Environment.ProcessorCount))
            ),
            options.LockStripes
        );
    }

    [Fact]
    public void Engine_refuses_bad_settings_naming_every_one()
    {
        var options = new OpdTokenAllocationOptions
        {
            LockStripes = 3,
            AlternativeDays = 61,
            MaxAlternatives = -1,
            TimeZoneId = "",
        };

        var failure = Assert.Throws<OptionsValidationException>(() => new AllocationEngine(options));

        Assert.Equal(
            ["LockStripes", "TimeZoneId", "AlternativeDays", "MaxAlternatives"],
            failure.Failures.Select(f => f.Split(' ')[0].Split(':')[1]).ToArray()
        );
        Assert.Throws<ArgumentNullException>(() => new AllocationEngine(null!));
    }

    [Fact]
    public void Missing_settings_are_named_and_shown_as_null()
    {
        var options = new OpdTokenAllocationOptions { PriorityPolicy = null!, Weighted = null! };

        var failure = Assert.Throws<OptionsValidationException>(() => new AllocationEngine(options));

        Assert.Contains(failure.Failures, f => f.StartsWith("OpdTokens:PriorityPolicy ", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.EndsWith("(was null).", StringComparison.Ordinal));
        Assert.Contains("OpdTokens:Weighted must be set.", failure.Failures);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("Asia/Kolkata\0")]
    [InlineData("   ")]
    [InlineData("Nowhere/Special")]
    public void Malformed_time_zone_ids_are_a_validation_error_not_a_crash(string zone)
    {
        var failure = Assert.Throws<OptionsValidationException>(() =>
            new AllocationEngine(new OpdTokenAllocationOptions { TimeZoneId = zone })
        );

        Assert.Contains("OpdTokens:TimeZoneId", failure.Message, StringComparison.Ordinal);
    }
}
