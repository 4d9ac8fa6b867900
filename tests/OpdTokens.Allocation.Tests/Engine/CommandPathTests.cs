using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Tests.Support;

namespace OpdTokens.Allocation.Tests.Engine;

/// <summary>The command path answers the same whether the store and the caches answer at once (the common case,
/// taken without a state machine) or later, as a database does.</summary>
public sealed class CommandPathTests
{
    [Fact]
    public async Task A_doctor_only_the_store_knows_is_allocated_when_the_store_answers_later_and_an_unknown_one_refused()
    {
        var (doctor, slot, observed) = await StoredByAnotherEngineAsync();
        observed.CompletesLater = call => call.Operation == "LoadDoctorsAsync";
        using var other = Hospital.Open(store: observed);

        var seated = await other.Engine.AllocateAsync(Hospital.Request(doctor, "Asha", TokenSource.Online, slot));
        var unknown = await other.Engine.AllocateAsync(
            Hospital.Request(doctor, "Ravi", TokenSource.Online) with
            {
                DoctorId = new DoctorId("D99"),
            }
        );

        Assert.Equal(slot.Id, seated.GetValueOrThrow().Token.SlotId);
        Assert.Equal(AllocationOutcome.Allocated, seated.Value!.Outcome);
        Assert.Equal(AllocationErrorCode.NotFound, unknown.Error?.Code);
        // Both lookups went to the store, which answered later: the first found the doctor, the second nobody.
        Assert.Equal(2, observed.Calls.Count(c => c.Operation == "LoadDoctorsAsync"));
    }

    [Fact]
    public async Task Allocate_returns_to_its_caller_while_the_store_is_still_looking_the_doctor_up()
    {
        var (doctor, slot, observed) = await StoredByAnotherEngineAsync();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        observed.OnArrival = call => call.Operation == "LoadDoctorsAsync" ? gate.Task : Task.CompletedTask;
        using var other = Hospital.Open(store: observed);
        var returned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Called on a thread of its own, so a call that blocked until the store answered could not hang the test.
        var allocating = Task.Run(() =>
        {
            var pending = other.Engine.AllocateAsync(Hospital.Request(doctor, "Asha", TokenSource.Online, slot));
            returned.SetResult();
            return pending.AsTask();
        });
        var first = await Task.WhenAny(returned.Task, Task.Delay(TimeSpan.FromSeconds(10)));
        gate.SetResult();

        Assert.Same(returned.Task, first);
        Assert.Equal(slot.Id, (await allocating).GetValueOrThrow().Token.SlotId);
    }

    [Fact]
    public async Task A_writer_starts_from_the_day_a_reader_just_loaded_without_loading_it_again()
    {
        var (doctor, slot, observed) = await StoredByAnotherEngineAsync();
        using var other = Hospital.Open(store: observed);
        var read = await other.Engine.GetDoctorDayAsync(slot.Id.Partition);

        var seated = await other.Engine.AllocateAsync(Hospital.Request(doctor, "Asha", TokenSource.Online, slot));

        Assert.Equal(read.Version + 1, (await other.Engine.GetDoctorDayAsync(slot.Id.Partition)).Version);
        Assert.Equal(slot.Id, seated.GetValueOrThrow().Token.SlotId);
        Assert.Single(observed.Calls, c => c.Operation == "LoadPartitionAsync");
    }

    /// <summary>A doctor with a 9:00 slot of two seats, stored by another engine; the store as this test's engine
    /// sees it, every call recorded.</summary>
    private static async Task<(Doctor Doctor, Slot Slot, ObservedStateStore Store)> StoredByAnotherEngineAsync()
    {
        var store = new InMemoryStateStore();
        using var registrar = Hospital.Open(store: store);
        var doctor = await registrar.DoctorAsync();
        var slot = await registrar.SlotAsync(doctor, 9, 2);
        return (doctor, slot, new ObservedStateStore(store));
    }
}
