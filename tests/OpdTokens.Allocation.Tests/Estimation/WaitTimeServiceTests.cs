using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpdTokens.Allocation.Estimation;
using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Tests.Support;

namespace OpdTokens.Allocation.Tests.Estimation;

public sealed class WaitTimeServiceTests
{
    [Fact]
    public async Task A_slots_queue_carries_the_configured_estimators_estimates_never_before_now()
    {
        using var hospital = Hospital.Open();
        var doctor = await hospital.DoctorAsync();
        var slot = await hospital.SlotAsync(doctor, 9, capacity: 6);
        var tokens = new List<Token>();
        for (var i = 0; i < 3; i++)
        {
            tokens.Add((await hospital.AllocateAsync(doctor, $"P{i}", TokenSource.Online, slot)).Token);
        }

        // 10:00: the slot started an hour ago and nobody has been seen, so the formula's times have passed.
        hospital.Clock.Advance(TimeSpan.FromHours(2));
        var service = new WaitTimeService(hospital.Engine, SlotFormulaEstimator.Instance, timeProvider: hospital.Clock);

        var queue = await service.GetQueueAsync(slot.Id);

        Assert.Equal(tokens.Select(t => t.Id), queue.Select(e => e.Token.Id));
        Assert.Equal([1, 2, 3], queue.Select(e => e.Position));
        Assert.All(queue, e => Assert.True(e.EstimatedStart >= hospital.Clock.GetUtcNow()));
        Assert.Equal(hospital.Clock.GetUtcNow(), queue[0].EstimatedStart);
        Assert.Empty(await service.GetQueueAsync(new SlotId(slot.Id.Partition, 9)));
    }

    [Fact]
    public async Task History_comes_from_the_stored_days_before()
    {
        var store = new InMemoryStateStore();
        using var hospital = Hospital.Open(store: store);
        var doctor = await hospital.DoctorAsync();
        var today = await hospital.SlotAsync(doctor, 9, capacity: 6);
        var tomorrow = await hospital.SlotAsync(doctor, 9, capacity: 6, dayOffset: 1);
        var booked = new List<Token>();
        for (var i = 0; i < 4; i++)
        {
            booked.Add((await hospital.AllocateAsync(doctor, $"Today {i}", TokenSource.Online, today)).Token);
        }

        hospital.Clock.Advance(TimeSpan.FromHours(1));
        foreach (var token in booked)
        {
            await hospital.SetStatusAsync(token.Id, TokenStatus.CheckedIn);
            await hospital.SetStatusAsync(token.Id, TokenStatus.Consulting);
            hospital.Clock.Advance(TimeSpan.FromMinutes(20));
            await hospital.SetStatusAsync(token.Id, TokenStatus.Completed);
        }

        await hospital.AllocateAsync(doctor, "Tomorrow 1", TokenSource.Online, tomorrow);
        var second = (await hospital.AllocateAsync(doctor, "Tomorrow 2", TokenSource.Online, tomorrow)).Token;
        var service = new WaitTimeService(
            hospital.Engine,
            store: store,
            timeProvider: hospital.Clock,
            options: Options.Create(new WaitTimeOptions { HistoryDays = 3 })
        );
        var withoutHistory = new WaitTimeService(
            hospital.Engine,
            store: store,
            timeProvider: hospital.Clock,
            options: Options.Create(new WaitTimeOptions { HistoryDays = 0 })
        );

        var learned = await service.GetEstimatesAsync(tomorrow.Id.Partition);
        var formula = await withoutHistory.GetEstimatesAsync(tomorrow.Id.Partition);

        Assert.True(learned.TryGet(second.Id, out var estimate));
        Assert.Equal(EstimateBasis.Learned, estimate.Basis);
        // Four 20-minute consultations and the slot's nominal 10 minutes counted twice.
        Assert.Equal(
            tomorrow.StartsAt.AddMinutes(((4 * 20) + (2 * 10)) / 6.0),
            estimate.EstimatedStart,
            TimeSpan.FromMilliseconds(1)
        );
        Assert.True(formula.TryGet(second.Id, out var byFormula));
        Assert.Equal(EstimateBasis.SlotFormula, byFormula.Basis);
        Assert.Equal(tomorrow.StartsAt.AddMinutes(10), byFormula.EstimatedStart);
    }

    [Fact]
    public void Settings_out_of_range_are_refused()
    {
        using var hospital = Hospital.Open();
        var error = Assert.Throws<OptionsValidationException>(() =>
            new WaitTimeService(hospital.Engine, options: Options.Create(new WaitTimeOptions { HistoryDays = 91 }))
        );
        Assert.Contains("HistoryDays", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_container_registers_the_learned_estimator_by_default_and_the_builder_replaces_it()
    {
        var services = new ServiceCollection();
        services.AddOpdTokenAllocation();
        await using (var provider = services.BuildServiceProvider())
        {
            Assert.IsType<LearnedWaitTimeEstimator>(provider.GetRequiredService<WaitTimeService>().Estimator);
        }

        var formula = new ServiceCollection();
        formula.AddOpdTokenAllocation().UseWaitTimeEstimator(SlotFormulaEstimator.Instance);
        formula.AddOpdTokenAllocation();
        await using (var provider = formula.BuildServiceProvider())
        {
            Assert.Same(SlotFormulaEstimator.Instance, provider.GetRequiredService<WaitTimeService>().Estimator);
            Assert.Single(provider.GetServices<IWaitTimeEstimator>());
        }

        var typed = new ServiceCollection();
        typed.AddOpdTokenAllocation().UseWaitTimeEstimator<EveryoneNowEstimator>();
        await using (var provider = typed.BuildServiceProvider())
        {
            Assert.IsType<EveryoneNowEstimator>(provider.GetRequiredService<WaitTimeService>().Estimator);
        }

        var factory = new ServiceCollection();
        factory.AddOpdTokenAllocation().UseWaitTimeEstimator(_ => new EveryoneNowEstimator());
        await using (var provider = factory.BuildServiceProvider())
        {
            Assert.IsType<EveryoneNowEstimator>(provider.GetRequiredService<WaitTimeService>().Estimator);
        }
    }

    [Fact]
    public async Task Configured_history_days_are_validated_when_the_service_is_resolved()
    {
        var services = new ServiceCollection();
        services.AddOpdTokenAllocation().ConfigureWaitTimes(o => o.HistoryDays = -1);
        await using var provider = services.BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<WaitTimeService>());
    }

    /// <summary>A host's own estimator: everybody is expected now.</summary>
    private sealed class EveryoneNowEstimator : IWaitTimeEstimator
    {
        public WaitTimeEstimates Estimate(DoctorDay day, DoctorHistory history, DateTimeOffset now) =>
            new(
                day.Key,
                day.Version,
                now,
                [
                    .. day.Slots.SelectMany(s =>
                        day.GetQueue(s.Id)
                            .Select((t, i) => new WaitEstimate(t.Id, s.Id, i + 1, now, EstimateBasis.Learned))
                    ),
                ]
            );
    }
}
