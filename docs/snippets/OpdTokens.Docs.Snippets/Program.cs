// The README's "Use it" block, word for word: eng/check-docs.sh fails when the two differ, so the README sample
// provably compiles (and the snippet tests run it).
#region readme
using Microsoft.Extensions.DependencyInjection;
using OpdTokens.Allocation;

var services = new ServiceCollection();
services.AddOpdTokenAllocation(options => options.EmergencyOverflowPerSlot = 1);
await using var provider = services.BuildServiceProvider();
var engine = provider.GetRequiredService<IAllocationEngine>();

var doctor = (await engine.RegisterDoctorAsync(new RegisterDoctor("Dr. Rao", "Cardiology"))).GetValueOrThrow();
var tomorrow = engine.Today.AddDays(1);
var slot = (await engine.AddSlotAsync(new AddSlot(doctor.Id, tomorrow, new(9, 0), new(10, 0), 20)))
    .GetValueOrThrow().Slot;

var result = await engine.AllocateAsync(
    new AllocateToken(doctor.Id, new Patient("Asha", "+91 98450 12345"), TokenSource.Online)
    {
        PreferredSlotId = slot.Id,
    });
if (result.IsSuccess)
{
    Console.WriteLine($"{result.Value.Token.Number}: {result.Value.Outcome}");
}
else
{
    Console.WriteLine($"{result.Error.Code}: {result.Error.Message}");
}

var day = await engine.GetDoctorDayAsync(slot.Id.Partition);
foreach (var entry in day.GetQueueEntries(slot.Id))
{
    Console.WriteLine($"{entry.Position}. {entry.Token.Number} ~{entry.EstimatedStart:HH:mm}");
}
#endregion
