using System.Globalization;
using OpdTokens.Allocation;

namespace OpdTokens.Samples.Console.Simulation;

/// <summary>Draws the day's token requests from the seed: online bookings, follow-ups and paid requests made the day
/// before (so the early-booking bonus applies), same-day bookings, walk-ins through the morning and emergencies
/// through the day.</summary>
/// <remarks>The same settings always give the same requests, in the same order.</remarks>
public static class DemandGenerator
{
    private static readonly string[] FirstNames =
    [
        "Aarav",
        "Aditi",
        "Anil",
        "Asha",
        "Deepa",
        "Farah",
        "Gopal",
        "Imran",
        "Kavya",
        "Lakshmi",
        "Manoj",
        "Meera",
        "Nikhil",
        "Pooja",
        "Rahul",
        "Rekha",
        "Sanjay",
        "Sunita",
        "Tanvi",
        "Vikram",
    ];

    private static readonly string[] LastNames =
    [
        "Bose",
        "Das",
        "Gupta",
        "Iyer",
        "Joshi",
        "Kapoor",
        "Khan",
        "Menon",
        "Nair",
        "Patel",
        "Rao",
        "Reddy",
        "Sharma",
        "Singh",
        "Verma",
    ];

    /// <summary>Shares of each kind of request, of a doctor's requests; walk-ins take what is left.</summary>
    private static readonly (RequestKind Kind, TokenSource Source, double Share)[] Mix =
    [
        (RequestKind.DayBefore, TokenSource.Online, 0.40),
        (RequestKind.DayBefore, TokenSource.FollowUp, 0.12),
        (RequestKind.DayBefore, TokenSource.Paid, 0.05),
        (RequestKind.SameDayBooking, TokenSource.Online, 0.04),
        (RequestKind.SameDayBooking, TokenSource.Paid, 0.03),
        (RequestKind.SameDayBooking, TokenSource.FollowUp, 0.01),
        (RequestKind.Emergency, TokenSource.Emergency, 0.02),
    ];

    /// <summary>Draws the requests of every doctor.</summary>
    /// <param name="settings">The day.</param>
    /// <param name="heldBack">Emergencies the scenario sends itself at a chosen moment; they are taken off the last
    /// doctor's drawn emergencies so the day still has <see cref="ScenarioSettings.Requests"/> requests.</param>
    /// <returns>The requests in time order.</returns>
    public static IReadOnlyList<PlannedRequest> Generate(ScenarioSettings settings, int heldBack = 0)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var calendar = new ScenarioCalendar(settings);
        var random = new Random(settings.Seed);
        var requests = new List<PlannedRequest>(settings.Requests);
        for (var doctor = 0; doctor < settings.Doctors; doctor++)
        {
            var last = doctor == settings.Doctors - 1;
            var perDoctor = settings.RequestsPerDoctor - (last ? heldBack : 0);
            var drawn = 0;
            foreach (var (kind, source, share) in Mix)
            {
                var count = (int)Math.Round(perDoctor * share, MidpointRounding.AwayFromZero);
                if (kind == RequestKind.Emergency)
                {
                    count = Math.Max(0, Math.Max(1, count) - (last ? heldBack : 0));
                }

                count = Math.Min(count, perDoctor - drawn);
                for (var i = 0; i < count; i++)
                {
                    requests.Add(Draw(random, calendar, doctor, kind, source, requests.Count));
                }

                drawn += count;
            }

            for (; drawn < perDoctor; drawn++)
            {
                requests.Add(Draw(random, calendar, doctor, RequestKind.WalkIn, TokenSource.WalkIn, requests.Count));
            }
        }

        // A stable sort: requests at the same minute keep the order they were drawn in.
        return [.. requests.Select((r, i) => (r, i)).OrderBy(p => p.r.At).ThenBy(p => p.i).Select(p => p.r)];
    }

    private static PlannedRequest Draw(
        Random random,
        ScenarioCalendar calendar,
        int doctor,
        RequestKind kind,
        TokenSource source,
        int serial
    )
    {
        var patient = DrawPatient(random, kind, serial);
        switch (kind)
        {
            case RequestKind.DayBefore:
            {
                // 07:00 to 08:55 the day before: more than 24 hours before even the 09:00 slot.
                var at = calendar.BookingOpens.AddMinutes(5 * random.Next(0, 24));
                var slot = random.Next(calendar.Slots);
                var (behaviour, cancelAt) = DrawBehaviour(random, at, calendar.SlotStarts(slot), 0.07, 0.06);
                return new PlannedRequest(at, doctor, source, slot, patient, behaviour, DrawLead(random), cancelAt);
            }

            case RequestKind.SameDayBooking:
            {
                var at = calendar.HospitalOpens.AddMinutes(random.Next(0, 7 * 60));
                var later = Enumerable
                    .Range(0, calendar.Slots)
                    .Where(s => calendar.SlotStarts(s) >= at.AddHours(1))
                    .ToArray();
                int? slot = later.Length == 0 ? null : later[random.Next(later.Length)];
                var starts = slot is { } s1 ? calendar.SlotStarts(s1) : at.AddHours(2);
                var (behaviour, cancelAt) = DrawBehaviour(random, at, starts, 0.05, 0.04);
                return new PlannedRequest(at, doctor, source, slot, patient, behaviour, DrawLead(random), cancelAt);
            }

            case RequestKind.Emergency:
            {
                var at = calendar.SlotStarts(0).AddMinutes(15 + random.Next(0, 6 * 60));
                return new PlannedRequest(at, doctor, source, null, patient, PatientBehaviour.Arrives, default, null);
            }

            default:
            {
                // Walk-ins crowd the morning: the square of a uniform number leans towards 07:30.
                var u = random.NextDouble();
                var at = calendar.HospitalOpens.AddMinutes(30 + (int)(u * u * 8 * 60));
                var leaves = random.NextDouble() < 0.04;
                DateTimeOffset? cancelAt = leaves ? at.AddMinutes(20 + random.Next(0, 70)) : null;
                return new PlannedRequest(
                    at,
                    doctor,
                    source,
                    null,
                    patient,
                    leaves ? PatientBehaviour.Cancels : PatientBehaviour.Arrives,
                    // Walk-ins wait in the hall and check in once their slot is within the hour.
                    TimeSpan.FromHours(1),
                    cancelAt
                );
            }
        }
    }

    private static (PatientBehaviour Behaviour, DateTimeOffset? CancelAt) DrawBehaviour(
        Random random,
        DateTimeOffset bookedAt,
        DateTimeOffset slotStarts,
        double cancelShare,
        double noShowShare
    )
    {
        var roll = random.NextDouble();
        if (roll < cancelShare)
        {
            var latest = slotStarts.AddMinutes(-30);
            var earliest = bookedAt.AddHours(1);
            var window = Math.Max(0, (int)(latest - earliest).TotalMinutes);
            return (PatientBehaviour.Cancels, earliest.AddMinutes(random.Next(0, window + 1)));
        }

        return roll < cancelShare + noShowShare ? (PatientBehaviour.NoShow, null) : (PatientBehaviour.Arrives, null);
    }

    private static TimeSpan DrawLead(Random random) => TimeSpan.FromMinutes(5 * random.Next(1, 9));

    private static Patient DrawPatient(Random random, RequestKind kind, int serial)
    {
        var name = FirstNames[random.Next(FirstNames.Length)] + " " + LastNames[random.Next(LastNames.Length)];
        var phone =
            random.NextDouble() < 0.7
                ? string.Create(
                    CultureInfo.InvariantCulture,
                    $"+91 9{random.Next(1000, 10000):0000}{random.Next(0, 10)} {random.Next(0, 100000):00000}"
                )
                : null;

        // Booked patients come with their medical record number; walk-ins and emergencies are registered later.
        var patientId = kind is RequestKind.DayBefore or RequestKind.SameDayBooking
            ? string.Create(CultureInfo.InvariantCulture, $"MRN-{100000 + serial}")
            : null;
        return new Patient(name, phone, patientId);
    }

    private enum RequestKind
    {
        DayBefore,
        SameDayBooking,
        WalkIn,
        Emergency,
    }
}
