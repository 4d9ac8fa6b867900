using System.Globalization;
using OpdTokens.Allocation;

namespace OpdTokens.Samples.Api.Demo;

/// <summary>Fills an empty engine with a demo OPD day (three doctors, hourly slots, a morning of bookings) when
/// <c>Demo:Seed</c> is true, as it is in Development.</summary>
/// <remarks>The patients are made up. The day is today, or tomorrow once too little of today is left.</remarks>
internal sealed partial class DemoDaySeeder(
    IAllocationEngine engine,
    IConfiguration configuration,
    ILogger<DemoDaySeeder> logger
) : IHostedService
{
    public const string ConfigurationKey = "Demo:Seed";

    private const string Actor = "demo-seed";

    private static readonly (string Id, string Name, string Specialty)[] Doctors =
    [
        ("D1", "Dr. Asha Rao", "Cardiology"),
        ("D2", "Dr. Vikram Singh", "Cardiology"),
        ("D3", "Dr. Meera Iyer", "Orthopaedics"),
    ];

    private static readonly string[] Patients =
    [
        "Aarav Sharma",
        "Diya Patel",
        "Kabir Singh",
        "Ananya Iyer",
        "Rohan Gupta",
        "Meera Nair",
        "Vihaan Reddy",
        "Isha Kapoor",
        "Arjun Menon",
        "Sara Khan",
        "Dev Malhotra",
        "Nisha Rao",
    ];

    private static readonly TokenSource[] Sources =
    [
        TokenSource.Online,
        TokenSource.WalkIn,
        TokenSource.FollowUp,
        TokenSource.Online,
        TokenSource.Paid,
        TokenSource.WalkIn,
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (
            !configuration.GetValue<bool>(ConfigurationKey)
            || !(await engine.GetDoctorsAsync(cancellationToken)).IsEmpty
        )
        {
            return;
        }

        var day = engine.Today;
        var slots = 0;
        var tokens = 0;
        foreach (var (id, name, specialty) in Doctors)
        {
            var doctor = (
                await engine.RegisterDoctorAsync(
                    new RegisterDoctor(name, specialty) { Id = new DoctorId(id), Actor = Actor },
                    cancellationToken
                )
            ).GetValueOrThrow();
            var added = await AddSlotsAsync(doctor.Id, day, cancellationToken);
            if (added.Count < 3 && day == engine.Today)
            {
                // Too late in the day for a useful demo: every doctor gets tomorrow instead.
                day = day.AddDays(1);
                added = await AddSlotsAsync(doctor.Id, day, cancellationToken);
            }

            slots += added.Count;
            tokens += await BookAsync(doctor.Id, added, cancellationToken);
        }

        var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        LogSeeded(logger, date, Doctors.Length, slots, tokens);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<List<SlotId>> AddSlotsAsync(DoctorId doctor, DateOnly day, CancellationToken cancellationToken)
    {
        var added = new List<SlotId>();
        for (var hour = 9; hour < 17; hour++)
        {
            // Slots that have already ended today are refused; the rest of the day is still a demo.
            var result = await engine.AddSlotAsync(
                new AddSlot(doctor, day, new TimeOnly(hour, 0), new TimeOnly(hour + 1, 0), 6) { Actor = Actor },
                cancellationToken
            );
            if (result.IsSuccess)
            {
                added.Add(result.Value.Slot.Id);
            }
        }

        return added;
    }

    private async Task<int> BookAsync(DoctorId doctor, List<SlotId> slots, CancellationToken cancellationToken)
    {
        if (slots.Count == 0)
        {
            return 0;
        }

        var booked = 0;
        for (var i = 0; i < Patients.Length; i++)
        {
            var phone = $"+91 98000 {10000 + i}";
            var request = new AllocateToken(doctor, new Patient(Patients[i], phone), Sources[i % Sources.Length])
            {
                PreferredSlotId = slots[i % Math.Min(2, slots.Count)],
                Actor = Actor,
            };
            var result = await engine.AllocateAsync(request, cancellationToken);
            if (result.IsSuccess)
            {
                booked++;
                if (i % 4 == 0 && result.Value.Token.Status == TokenStatus.Allocated)
                {
                    await engine.ChangeStatusAsync(
                        new ChangeTokenStatus(result.Value.Token.Id, TokenStatus.CheckedIn) { Actor = Actor },
                        cancellationToken
                    );
                }
            }
        }

        return booked;
    }

    [LoggerMessage(
        EventId = 1,
        Level = LogLevel.Information,
        Message = "Seeded the demo day {Date}: {Doctors} doctors, {Slots} slots, {Tokens} tokens."
    )]
    private static partial void LogSeeded(ILogger logger, string date, int doctors, int slots, int tokens);
}
