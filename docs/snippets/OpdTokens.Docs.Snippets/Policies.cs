using Microsoft.Extensions.DependencyInjection;
using OpdTokens.Allocation;
using OpdTokens.Allocation.Policies;

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
}
