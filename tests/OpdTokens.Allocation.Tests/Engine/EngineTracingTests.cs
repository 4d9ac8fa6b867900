using System.Collections.Concurrent;
using System.Diagnostics;
using OpdTokens.Allocation.Diagnostics;
using OpdTokens.Allocation.Tests.Support;

namespace OpdTokens.Allocation.Tests.Engine;

/// <summary>Traces, read through a listener on the engine's activity source.</summary>
public sealed class EngineTracingTests
{
    [Fact]
    public async Task Each_doctor_day_command_is_an_activity_named_for_the_command_and_tagged_with_the_doctor_day()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AllocationTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        using var h = Hospital.Open();
        // An id no other test uses, because the listener also hears engines of tests running at the same time.
        var doctor = (
            await h.Engine.RegisterDoctorAsync(new RegisterDoctor("Dr Rao", "ENT") { Id = new DoctorId("Traced-1") })
        ).GetValueOrThrow();

        var nine = await h.SlotAsync(doctor, 9, 2);
        await h.AllocateAsync(doctor, "Asha", TokenSource.Online, nine);

        var day = new PartitionKey(doctor.Id, h.Today).ToString();
        Assert.Equal(
            ["add_slot", "allocate"],
            stopped.Where(a => Equals(a.GetTagItem("opdtokens.partition"), day)).Select(a => a.OperationName)
        );
    }
}
