using OpdTokens.Allocation.Storage;

namespace OpdTokens.Allocation.Tests.Storage;

/// <summary>What the default store adds to the conformance suite: conflicts that say what was taken.</summary>
public sealed class InMemoryStateStoreTests
{
    [Fact]
    public async Task Saving_a_new_doctor_under_a_taken_id_is_a_conflict_naming_the_id()
    {
        var store = new InMemoryStateStore();
        await store.SaveDoctorAsync(new Doctor(new DoctorId("D7"), "Dr Rao", "ENT"), isNew: true, default);

        var taken = await Assert.ThrowsAsync<ConcurrencyConflictException>(async () =>
            await store.SaveDoctorAsync(new Doctor(new DoctorId("D7"), "Dr Iyer", "ENT"), isNew: true, default)
        );

        Assert.Contains("D7", taken.Message, StringComparison.Ordinal);
        Assert.Equal("Dr Rao", Assert.Single(await store.LoadDoctorsAsync(default)).Name);
    }
}
