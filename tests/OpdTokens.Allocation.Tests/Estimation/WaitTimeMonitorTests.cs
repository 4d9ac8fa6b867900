using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpdTokens.Allocation.Estimation;
using OpdTokens.Allocation.Testing;
using OpdTokens.Allocation.Tests.Support;

namespace OpdTokens.Allocation.Tests.Estimation;

public sealed class WaitTimeMonitorTests
{
    [Fact]
    public async Task A_delay_beyond_the_margin_raises_one_change_per_waiting_token_and_a_small_one_none()
    {
        using var hospital = Hospital.Open();
        var doctor = await hospital.DoctorAsync();
        var slot = await hospital.SlotAsync(doctor, 10, capacity: 6);
        var tokens = new List<Token>();
        for (var i = 0; i < 3; i++)
        {
            tokens.Add((await hospital.AllocateAsync(doctor, $"P{i}", TokenSource.Online, slot)).Token);
        }

        var service = new WaitTimeService(hospital.Engine, timeProvider: hospital.Clock);
        using var monitor = new WaitTimeMonitor(
            hospital.Engine,
            service,
            Options.Create(new WaitTimeMonitorOptions { Margin = TimeSpan.FromMinutes(10) })
        );
        var changes = new List<WaitEstimateChangedEventArgs>();
        monitor.EstimateChanged += (_, e) => changes.Add(e);
        Assert.Equal(0, await monitor.RefreshAsync(slot.Id.Partition));

        await hospital.Engine.ReportDelayAsync(new ReportDelay(doctor.Id, hospital.Today, TimeSpan.FromMinutes(30)));

        Assert.Equal(tokens.Select(t => t.Id), changes.Select(c => c.TokenId));
        Assert.All(changes, c => Assert.Equal(TimeSpan.FromMinutes(30), c.Shift));
        Assert.All(changes, c => Assert.Equal(c.Previous.EstimatedStart + c.Shift, c.Current.EstimatedStart));
        changes.Clear();

        await hospital.Engine.ReportDelayAsync(new ReportDelay(doctor.Id, hospital.Today, TimeSpan.FromMinutes(35)));
        Assert.Empty(changes);

        // A new token joins without an earlier estimate; cancelling the first moves the others up by 10 minutes,
        // which is not more than the margin.
        await hospital.AllocateAsync(doctor, "P3", TokenSource.Online, slot);
        await hospital.SetStatusAsync(tokens[0].Id, TokenStatus.Cancelled);
        Assert.Empty(changes);
        Assert.Equal(0, monitor.Failures);
    }

    [Fact]
    public async Task A_throwing_handler_is_counted_and_does_not_stop_the_next_one()
    {
        using var hospital = Hospital.Open();
        var doctor = await hospital.DoctorAsync();
        var slot = await hospital.SlotAsync(doctor, 10, capacity: 6);
        await hospital.AllocateAsync(doctor, "P", TokenSource.Online, slot);
        using var monitor = new WaitTimeMonitor(
            hospital.Engine,
            new WaitTimeService(hospital.Engine, timeProvider: hospital.Clock)
        );
        var heard = 0;
        monitor.EstimateChanged += (_, _) => throw new InvalidOperationException("handler failed");
        monitor.EstimateChanged += (_, _) => heard++;
        await monitor.RefreshAsync(slot.Id.Partition);

        var delay = await hospital.Engine.ReportDelayAsync(
            new ReportDelay(doctor.Id, hospital.Today, TimeSpan.FromMinutes(40))
        );

        Assert.True(delay.IsSuccess);
        Assert.Equal(1, heard);
        Assert.Equal(1, monitor.Failures);
    }

    [Fact]
    public async Task Disposed_monitors_hear_nothing_more()
    {
        using var hospital = Hospital.Open();
        var doctor = await hospital.DoctorAsync();
        var slot = await hospital.SlotAsync(doctor, 10, capacity: 6);
        await hospital.AllocateAsync(doctor, "P", TokenSource.Online, slot);
        var monitor = new WaitTimeMonitor(
            hospital.Engine,
            new WaitTimeService(hospital.Engine, timeProvider: hospital.Clock)
        );
        var heard = 0;
        monitor.EstimateChanged += (_, _) => heard++;
        await monitor.RefreshAsync(slot.Id.Partition);
        monitor.Dispose();

        await hospital.Engine.ReportDelayAsync(new ReportDelay(doctor.Id, hospital.Today, TimeSpan.FromMinutes(40)));

        Assert.Equal(0, heard);
    }

    [Fact]
    public async Task The_container_adds_a_monitor_that_watches_the_engine_and_refuses_a_margin_of_zero()
    {
        var clock = new ManualTimeProvider(Hospital.Opening);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddOpdTokenAllocation().AddWaitTimeMonitor(o => o.Margin = TimeSpan.FromMinutes(5));
        await using (var provider = services.BuildServiceProvider())
        {
            var engine = provider.GetRequiredService<IAllocationEngine>();
            var monitor = provider.GetRequiredService<WaitTimeMonitor>();
            var heard = new List<WaitEstimateChangedEventArgs>();
            monitor.EstimateChanged += (_, e) => heard.Add(e);
            var doctor = (await engine.RegisterDoctorAsync(new RegisterDoctor("Dr A", "Cardiology"))).GetValueOrThrow();
            var slot = (await engine.AddSlotAsync(new AddSlot(doctor.Id, engine.Today, new(10, 0), new(11, 0), 6)))
                .GetValueOrThrow()
                .Slot;
            await engine.AllocateAsync(
                new AllocateToken(doctor.Id, new Patient("P"), TokenSource.Online) { PreferredSlotId = slot.Id }
            );

            await engine.ReportDelayAsync(new ReportDelay(doctor.Id, engine.Today, TimeSpan.FromMinutes(6)));

            Assert.Single(heard);
            Assert.Same(monitor, provider.GetRequiredService<WaitTimeMonitor>());
        }

        var invalid = new ServiceCollection();
        invalid.AddOpdTokenAllocation().AddWaitTimeMonitor(o => o.Margin = TimeSpan.Zero);
        await using var broken = invalid.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => broken.GetRequiredService<WaitTimeMonitor>());
        Assert.Contains("Margin", error.Message, StringComparison.Ordinal);
    }
}
