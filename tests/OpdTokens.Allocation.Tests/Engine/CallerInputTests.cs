using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Testing;
using OpdTokens.Allocation.Tests.Support;

namespace OpdTokens.Allocation.Tests.Engine;

/// <summary>What callers hand the engine: a missing command is a programming error, a malformed id from a request is
/// answered as unknown without troubling the store.</summary>
public sealed class CallerInputTests
{
    public static TheoryData<string, Func<AllocationEngine, Task>> NullCommands =>
        new()
        {
            { "register", e => e.RegisterDoctorAsync(null!).AsTask() },
            { "update", e => e.UpdateDoctorAsync(null!).AsTask() },
            { "deactivate", e => e.DeactivateDoctorAsync(null!).AsTask() },
            { "add slot", e => e.AddSlotAsync(null!).AsTask() },
            { "close slot", e => e.CloseSlotAsync(null!).AsTask() },
            { "resize slot", e => e.ResizeSlotAsync(null!).AsTask() },
            { "allocate", e => e.AllocateAsync(null!).AsTask() },
            { "change status", e => e.ChangeStatusAsync(null!).AsTask() },
            { "reallocate", e => e.ReallocateAsync(null!).AsTask() },
            { "report delay", e => e.ReportDelayAsync(null!).AsTask() },
        };

    [Theory]
    [MemberData(nameof(NullCommands), DisableDiscoveryEnumeration = true)]
    public async Task Every_command_method_refuses_a_null_command_naming_it(
        string method,
        Func<AllocationEngine, Task> call
    )
    {
        using var h = Hospital.Open();
        await h.DoctorAsync();

        var failure = await Assert.ThrowsAsync<ArgumentNullException>(() => call(h.Engine));

        Assert.True(failure.ParamName == "command", $"{method} named {failure.ParamName}.");
    }

    [Fact]
    public async Task Malformed_ids_are_answered_as_unknown_without_a_store_round_trip()
    {
        var store = new ObservedStateStore(new InMemoryStateStore());
        using var engine = new AllocationEngine(new(), store, timeProvider: new ManualTimeProvider(Hospital.Opening));
        var doctor = (await engine.RegisterDoctorAsync(new("Dr Rao", "ENT"))).GetValueOrThrow();
        (await engine.AddSlotAsync(new(doctor.Id, engine.Today, new(9, 0), new(10, 0), 2))).GetValueOrThrow();
        store.ForgetCalls();

        Assert.Null(await engine.GetDoctorAsync(default));
        Assert.Null(await engine.GetTokenAsync(default));
        Assert.Null(await engine.FindTokenByNumberAsync("not a token number"));
        Assert.Null(await engine.GetSlotAnalyticsAsync(default));
        Assert.Empty((await engine.GetDoctorDayAsync(default)).Slots);
        Refused.With(await engine.AllocateAsync(new(default, new Patient("Asha"), TokenSource.Online)), NotFound);
        Refused.With(await engine.ChangeStatusAsync(new(default, TokenStatus.CheckedIn)), NotFound);
        Refused.With(await engine.CloseSlotAsync(new(default)), NotFound);
        Refused.With(await engine.ReallocateAsync(new(default, default)), NotFound);

        Assert.Empty(store.Calls);
    }

    private const AllocationErrorCode NotFound = AllocationErrorCode.NotFound;
}
