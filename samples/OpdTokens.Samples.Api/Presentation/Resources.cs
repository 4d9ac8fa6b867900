using System.Collections.Immutable;
using System.Globalization;
using OpdTokens.Allocation;
using OpdTokens.Samples.Api.Contracts;
using OpdTokens.Samples.Api.Json;

namespace OpdTokens.Samples.Api.Presentation;

/// <summary>Maps library models to the contract's resources (tokens excepted: see <see cref="TokenPresenter"/>).</summary>
internal static class Resources
{
    public static DoctorResponse Doctor(Doctor doctor) =>
        new(doctor.Id.Value, doctor.Name, doctor.Specialty, doctor.IsActive);

    public static SlotResponse Slot(Slot slot, int occupancy) =>
        new(
            slot.Id.ToString(),
            slot.DoctorId.Value,
            slot.Date,
            slot.StartTime,
            slot.EndTime,
            slot.MaxCapacity,
            occupancy,
            slot.IsActive,
            slot.StartsAt,
            slot.EndsAt
        );

    public static SlotResponse Slot(Slot slot, DoctorDay day) => Slot(slot, day.GetOccupancy(slot.Id));

    public static AlternativeResponse Alternative(Alternative alternative) =>
        new(
            alternative.SlotId.ToString(),
            alternative.DoctorId.Value,
            alternative.Date,
            alternative.StartTime,
            alternative.EndTime,
            alternative.FreeSeats
        );

    public static IReadOnlyList<AlternativeResponse> Alternatives(ImmutableArray<Alternative> alternatives) =>
        [.. alternatives.Select(Alternative)];

    public static SlotAnalyticsResponse SlotAnalytics(SlotAnalytics analytics) =>
        new(
            analytics.SlotId.ToString(),
            analytics.Capacity,
            analytics.Occupancy,
            analytics.Utilization,
            analytics.Waiting,
            analytics.Overflows,
            Counts(analytics.ByStatus),
            Counts(analytics.BySource)
        );

    public static DoctorDayAnalyticsResponse DoctorDayAnalytics(DoctorDayAnalytics analytics) =>
        new(
            analytics.Partition.Doctor.Value,
            analytics.Partition.Date,
            analytics.Slots,
            analytics.Capacity,
            analytics.Occupancy,
            analytics.Utilization,
            analytics.Waitlisted,
            analytics.Cancelled,
            analytics.NoShows,
            analytics.Emergencies,
            analytics.Bumps,
            analytics.Overflows,
            DelayMinutes(analytics.Delay),
            Counts(analytics.ByStatus),
            Counts(analytics.BySource)
        );

    public static SystemStatusResponse SystemStatus(SystemStatus status) =>
        new(
            status.Doctors,
            status.ActiveDoctors,
            status.DoctorDays,
            status.Slots,
            status.Tokens,
            status.Waitlisted,
            Counts(status.ByStatus)
        );

    public static int DelayMinutes(TimeSpan delay) =>
        (int)Math.Round(delay.TotalMinutes, MidpointRounding.AwayFromZero);

    private static Dictionary<string, int> Counts<TEnum>(ImmutableSortedDictionary<TEnum, int> counts)
        where TEnum : struct, Enum
    {
        // Insertion order is the enum's order, which the JSON keeps.
        var result = new Dictionary<string, int>(counts.Count, StringComparer.Ordinal);
        foreach (var (key, count) in counts)
        {
            result[WireNames.Of(key)] = count;
        }

        return result;
    }

    public static string Location(string collection, string id) =>
        string.Create(CultureInfo.InvariantCulture, $"/api/v1/{collection}/{Uri.EscapeDataString(id)}");
}
