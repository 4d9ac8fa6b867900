using Microsoft.Extensions.Options;
using OpdTokens.Allocation.Policies;

namespace OpdTokens.Allocation;

/// <summary>Checks every setting at once and names each bad one.</summary>
internal sealed class OpdTokenAllocationOptionsValidator : IValidateOptions<OpdTokenAllocationOptions>
{
    public ValidateOptionsResult Validate(string? name, OpdTokenAllocationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Errors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every bad setting.</summary>
    public static void ThrowIfInvalid(OpdTokenAllocationOptions options)
    {
        var errors = Errors(options);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(OpdTokenAllocationOptions), errors);
        }
    }

    private static List<string> Errors(OpdTokenAllocationOptions o)
    {
        var errors = new List<string>();
        void Check(bool ok, string setting, string rule, object? value)
        {
            if (!ok)
            {
                errors.Add(
                    $"{OpdTokenAllocationOptions.DefaultSectionName}:{setting} must be {rule} (was {value ?? "null"})."
                );
            }
        }

        Check(
            o.LockStripes is >= 1 and <= 4096 && (o.LockStripes & (o.LockStripes - 1)) == 0,
            nameof(o.LockStripes),
            "a power of two from 1 to 4096",
            o.LockStripes
        );
        Check(
            o.EmergencyOverflowPerSlot is >= 0 and <= 100,
            nameof(o.EmergencyOverflowPerSlot),
            "0 to 100",
            o.EmergencyOverflowPerSlot
        );
        Check(
            o.EmergencyOverflowPerDay is null or (>= 0 and <= 10000),
            nameof(o.EmergencyOverflowPerDay),
            "empty or 0 to 10000",
            o.EmergencyOverflowPerDay
        );
        Check(o.MaxBumpsPerToken is >= 0 and <= 100, nameof(o.MaxBumpsPerToken), "0 to 100", o.MaxBumpsPerToken);
        Check(o.MaxConflictRetries is >= 0 and <= 100, nameof(o.MaxConflictRetries), "0 to 100", o.MaxConflictRetries);
        Check(
            o.PriorityPolicy is PriorityPolicyNames.Tiered or PriorityPolicyNames.Weighted,
            nameof(o.PriorityPolicy),
            "'tiered' or 'weighted'",
            o.PriorityPolicy
        );
        Check(
            TokenNumberFormatter.IsValidPrefix(o.TokenNumberPrefix),
            nameof(o.TokenNumberPrefix),
            "1 to 8 upper-case letters or digits",
            o.TokenNumberPrefix
        );
        Check(
            o.TimeZoneId is null || TryFindZone(o.TimeZoneId, out _),
            nameof(o.TimeZoneId),
            "empty or a time zone id known to this machine",
            o.TimeZoneId
        );
        Check(o.AlternativeDays is >= 0 and <= 60, nameof(o.AlternativeDays), "0 to 60", o.AlternativeDays);
        Check(
            o.BookingHorizonDays is >= 1 and <= 3650,
            nameof(o.BookingHorizonDays),
            "1 to 3650",
            o.BookingHorizonDays
        );
        Check(
            o.StoreTimeout is null
                || (o.StoreTimeout >= TimeSpan.FromMilliseconds(100) && o.StoreTimeout <= TimeSpan.FromMinutes(10)),
            nameof(o.StoreTimeout),
            "empty or 100 ms to 10 minutes",
            o.StoreTimeout
        );
        Check(
            o.MaxCachedDoctorDays is >= 16 and <= 10_000_000,
            nameof(o.MaxCachedDoctorDays),
            "16 to 10000000",
            o.MaxCachedDoctorDays
        );
        Check(o.MaxAlternatives is >= 0 and <= 20, nameof(o.MaxAlternatives), "0 to 20", o.MaxAlternatives);
        Check(
            o.SnapshotMaxAge is null || o.SnapshotMaxAge >= TimeSpan.Zero,
            nameof(o.SnapshotMaxAge),
            "empty or not negative",
            o.SnapshotMaxAge
        );

        if (o.Tiered is not { } t)
        {
            errors.Add($"{OpdTokenAllocationOptions.DefaultSectionName}:Tiered must be set.");
        }
        else
        {
            const string score = "0 to 1000000";
            Check(t.PaidScore is >= 0 and <= 1_000_000, "Tiered:PaidScore", score, t.PaidScore);
            Check(t.FollowUpScore is >= 0 and <= 1_000_000, "Tiered:FollowUpScore", score, t.FollowUpScore);
            Check(t.OnlineScore is >= 0 and <= 1_000_000, "Tiered:OnlineScore", score, t.OnlineScore);
            Check(t.WalkInScore is >= 0 and <= 1_000_000, "Tiered:WalkInScore", score, t.WalkInScore);
            Check(t.EarlyBookingBonus is >= 0 and <= 1_000_000, "Tiered:EarlyBookingBonus", score, t.EarlyBookingBonus);
            Check(
                t.EarlyBookingLeadTime >= TimeSpan.Zero,
                "Tiered:EarlyBookingLeadTime",
                "not negative",
                t.EarlyBookingLeadTime
            );
            var highest =
                Math.Max(Math.Max(t.PaidScore, t.FollowUpScore), Math.Max(t.OnlineScore, t.WalkInScore))
                + (long)t.EarlyBookingBonus;
            Check(
                t.EmergencyScore is >= 0 and <= 2_000_001 && t.EmergencyScore > highest,
                "Tiered:EmergencyScore",
                "above every other score plus the early-booking bonus, at most 2000001",
                t.EmergencyScore
            );
        }

        if (o.Weighted is not { } w)
        {
            errors.Add($"{OpdTokenAllocationOptions.DefaultSectionName}:Weighted must be set.");
        }
        else
        {
            const string weight = "0 to 10000";
            Check(w.PaidWeight is >= 0 and <= 10_000, "Weighted:PaidWeight", weight, w.PaidWeight);
            Check(w.FollowUpWeight is >= 0 and <= 10_000, "Weighted:FollowUpWeight", weight, w.FollowUpWeight);
            Check(w.OnlineWeight is >= 0 and <= 10_000, "Weighted:OnlineWeight", weight, w.OnlineWeight);
            Check(w.WalkInWeight is >= 0 and <= 10_000, "Weighted:WalkInWeight", weight, w.WalkInWeight);
            Check(w.WeightMultiplier is >= 1 and <= 1000, "Weighted:WeightMultiplier", "1 to 1000", w.WeightMultiplier);
            Check(
                w.OccupancyBonusCeiling is >= 0 and <= 1000,
                "Weighted:OccupancyBonusCeiling",
                "0 to 1000",
                w.OccupancyBonusCeiling
            );
            var highest =
                (long)Math.Max(Math.Max(w.PaidWeight, w.FollowUpWeight), Math.Max(w.OnlineWeight, w.WalkInWeight))
                    * w.WeightMultiplier
                + w.OccupancyBonusCeiling;
            Check(
                w.EmergencyWeight is >= 0 and <= 10_000 && (long)w.EmergencyWeight * w.WeightMultiplier > highest,
                "Weighted:EmergencyWeight",
                "at most 10000 and high enough that every emergency outranks every other request",
                w.EmergencyWeight
            );
        }

        return errors;
    }

    internal static bool TryFindZone(string id, out TimeZoneInfo zone)
    {
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            zone = TimeZoneInfo.Utc;
            return false;
        }
    }
}
