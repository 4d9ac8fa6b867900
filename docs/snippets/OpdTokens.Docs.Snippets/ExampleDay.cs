using System.Collections.Immutable;
using OpdTokens.Allocation;
using OpdTokens.Allocation.Testing;

namespace OpdTokens.Docs.Snippets;

/// <summary>The stage of the worked examples: one doctor, back-to-back one-hour slots from 09:00, and a clock pinned
/// at 08:00 on 21 November 2026, so every number in the articles is exact.</summary>
public sealed class ExampleDay : IDisposable
{
    private ExampleDay(ManualTimeProvider clock, AllocationEngine engine, Doctor doctor, ImmutableArray<Slot> slots)
    {
        Clock = clock;
        Engine = engine;
        Doctor = doctor;
        Slots = slots;
    }

    public ManualTimeProvider Clock { get; }

    public AllocationEngine Engine { get; }

    public Doctor Doctor { get; }

    public ImmutableArray<Slot> Slots { get; }

    #region example-day
    public static async Task<ExampleDay> StartAsync(OpdTokenAllocationOptions options, params int[] capacities)
    {
        // A fixed clock (UTC, so the hospital's zone is UTC too): 08:00, one hour before the first slot.
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero));
        var engine = new AllocationEngine(options, timeProvider: clock);
        var doctor = (await engine.RegisterDoctorAsync(new RegisterDoctor("Dr. Rao", "Cardiology"))).GetValueOrThrow();
        var slots = ImmutableArray.CreateBuilder<Slot>();
        for (var i = 0; i < capacities.Length; i++)
        {
            var start = new TimeOnly(9 + i, 0);
            var slot = await engine.AddSlotAsync(
                new AddSlot(doctor.Id, engine.Today, start, start.AddHours(1), capacities[i])
            );
            slots.Add(slot.GetValueOrThrow().Slot);
        }

        return new ExampleDay(clock, engine, doctor, slots.ToImmutable());
    }

    public async Task<AllocationResult> RequestAsync(string patient, TokenSource source, Slot? preferred = null)
    {
        var request = new AllocateToken(Doctor.Id, new Patient(patient), source) { PreferredSlotId = preferred?.Id };
        return (await Engine.AllocateAsync(request)).GetValueOrThrow();
    }
    #endregion

    /// <summary>Reads the example's doctor-day as it is now.</summary>
    public ValueTask<DoctorDay> ReadDayAsync() => Engine.GetDoctorDayAsync(new PartitionKey(Doctor.Id, Engine.Today));

    public void Dispose() => Engine.Dispose();
}
