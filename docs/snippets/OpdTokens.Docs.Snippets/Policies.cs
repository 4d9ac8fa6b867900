using Microsoft.Extensions.DependencyInjection;
using OpdTokens.Allocation;
using OpdTokens.Allocation.Policies;
using OpdTokens.Allocation.Testing;

namespace OpdTokens.Docs.Snippets;

/// <summary>The code of docs/articles/priority-policies.md.</summary>
public static class Policies
{
    public static (int Online, int OnlineEarly, int Emergency, int Paid, int PaidLater) Scores()
    {
        #region scores
        var tiered = new TieredPriorityPolicy();
        var online = tiered.Score(new PriorityRequest(TokenSource.Online, TimeSpan.FromHours(3), 4, 20)); // 30
        var onlineEarly = tiered.Score(new PriorityRequest(TokenSource.Online, TimeSpan.FromHours(30), 4, 20)); // 35
        var emergency = tiered.Score(new PriorityRequest(TokenSource.Emergency, TimeSpan.FromHours(30), 4, 20)); // 1000

        var weighted = new WeightedPriorityPolicy();
        var paid = weighted.Score(new PriorityRequest(TokenSource.Paid, TimeSpan.FromHours(3), 4, 20)); // 100 + 6
        var paidLater = weighted.Score(new PriorityRequest(TokenSource.Paid, TimeSpan.FromHours(3), 15, 20)); // 100
        #endregion

        return (online, onlineEarly, emergency, paid, paidLater);
    }

    public static ServiceProvider ChooseWeighted()
    {
        var services = new ServiceCollection();

        #region choose-weighted
        services
            .AddOpdTokenAllocation(options =>
            {
                options.Weighted.FollowUpWeight = 8; // follow-ups just behind paid priority
                options.Weighted.OccupancyBonusCeiling = 5;
            })
            .UsePriorityPolicy(PriorityPolicyNames.Weighted);
        #endregion

        return services.BuildServiceProvider();
    }

    public static async Task<(Token Emergency, Token Paid)> CustomPolicyAsync()
    {
        var services = new ServiceCollection();

        #region register-custom-policy
        services.AddOpdTokenAllocation().UsePriorityPolicy<FirstComeFirstServedPolicy>();
        #endregion

        await using var provider = services.BuildServiceProvider();
        var engine = provider.GetRequiredService<IAllocationEngine>();
        var doctor = (await engine.RegisterDoctorAsync(new RegisterDoctor("Dr. Rao", "Cardiology"))).GetValueOrThrow();
        var date = engine.Today.AddDays(1);
        await engine.AddSlotAsync(new AddSlot(doctor.Id, date, new(9, 0), new(10, 0), 5));
        var paid = (
            await engine.AllocateAsync(
                new AllocateToken(doctor.Id, new Patient("Kiran"), TokenSource.Paid) { Date = date }
            )
        ).GetValueOrThrow();
        var emergency = (
            await engine.AllocateAsync(
                new AllocateToken(doctor.Id, new Patient("Dev"), TokenSource.Emergency) { Date = date }
            )
        ).GetValueOrThrow();
        return (emergency.Token, paid.Token);
    }

    public static (int Senior, int Younger, int UnknownAge, int Wheelchair, int Both, int Emergency) PatientScores()
    {
        var day = new DateOnly(2026, 11, 21);

        #region patient-scores
        var seniorsFirst = new SeniorCitizenPriorityPolicy(new TieredPriorityPolicy());
        var walkIn = new PriorityRequest(TokenSource.WalkIn, TimeSpan.FromHours(2), 3, 20) { Date = day };

        var lakshmi = new Patient("Lakshmi") { DateOfBirth = new DateOnly(1946, 8, 15) }; // 80 on the day
        var ravi = new Patient("Ravi") { DateOfBirth = new DateOnly(1951, 11, 22) }; // 74 on the day
        var senior = seniorsFirst.Score(walkIn with { Patient = lakshmi }); // 10 + 200
        var younger = seniorsFirst.Score(walkIn with { Patient = ravi }); // 10
        var unknownAge = seniorsFirst.Score(walkIn with { Patient = new Patient("Meena") }); // 10

        var wheelchairFirst = new WheelchairUsersFirstPolicy(new TieredPriorityPolicy());
        var arjun = new Patient("Arjun") { Attributes = PatientAttributes.Empty.With("mobility", "wheelchair") };
        var wheelchair = wheelchairFirst.Score(walkIn with { Patient = arjun }); // 10 + 200

        // Policies wrap each other: a senior wheelchair user gets both lifts; an emergency stays at 1000.
        var both = new WheelchairUsersFirstPolicy(seniorsFirst);
        var seniorOnWheels = both.Score(walkIn with { Patient = lakshmi with { Attributes = arjun.Attributes } }); // 410
        var emergency = both.Score(walkIn with { Source = TokenSource.Emergency, Patient = lakshmi }); // 1000
        #endregion

        return (senior, younger, unknownAge, wheelchair, seniorOnWheels, emergency);
    }

    public static async Task<Token> PatientAtTheDeskAsync()
    {
        var services = new ServiceCollection();
        // 08:00 the day before, so the request is made 25 hours ahead: the tiered early-booking bonus applies.
        services.AddSingleton<TimeProvider>(
            new ManualTimeProvider(new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero))
        );

        #region register-patient-policy
        services.AddOpdTokenAllocation().UsePriorityPolicy(new SeniorCitizenPriorityPolicy(new TieredPriorityPolicy()));
        #endregion

        await using var provider = services.BuildServiceProvider();
        var engine = provider.GetRequiredService<IAllocationEngine>();
        var doctor = (await engine.RegisterDoctorAsync(new RegisterDoctor("Dr. Rao", "Cardiology"))).GetValueOrThrow();
        var doctorId = doctor.Id;
        var date = engine.Today.AddDays(1);
        await engine.AddSlotAsync(new AddSlot(doctorId, date, new(9, 0), new(10, 0), 5));

        #region patient-at-the-desk
        var patient = new Patient("Lakshmi", "+91 98450 12345")
        {
            DateOfBirth = new DateOnly(1946, 8, 15),
            Attributes = PatientAttributes.Empty.With("mobility", "wheelchair"),
        };
        var result = await engine.AllocateAsync(
            new AllocateToken(doctorId, patient, TokenSource.WalkIn) { Date = date, Actor = "desk" }
        );
        #endregion

        return result.GetValueOrThrow().Token;
    }
}
