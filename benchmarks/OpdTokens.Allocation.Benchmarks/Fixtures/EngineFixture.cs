using System.Globalization;
using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Testing;

namespace OpdTokens.Allocation.Benchmarks.Fixtures;

/// <summary>An engine on a manual clock with doctors and hourly slots for tomorrow, built through the public API.
/// Setup helpers block on the engine's value tasks, which complete synchronously with the in-memory store (and
/// wait for the database with the others).</summary>
public sealed class EngineFixture : IDisposable
{
    /// <summary>The day the slots are on; the clock stands at 08:00 the day before.</summary>
    public static readonly DateOnly Day = new(2026, 11, 23);

    private readonly DoctorId[] _doctors;
    private readonly SlotId[][] _slots;
    private int _patients;

    private EngineFixture(AllocationEngine engine, DoctorId[] doctors, SlotId[][] slots)
    {
        Engine = engine;
        _doctors = doctors;
        _slots = slots;
    }

    public AllocationEngine Engine { get; }

    public int DoctorCount => _doctors.Length;

    /// <summary>Creates the engine and registers <paramref name="doctors"/> doctors, each with
    /// <paramref name="slots"/> hourly slots from 08:00 of <paramref name="capacity"/> seats.</summary>
    /// <param name="doctors">How many doctors.</param>
    /// <param name="slots">Slots per doctor.</param>
    /// <param name="capacity">Seats per slot.</param>
    /// <param name="options">The engine's options; the defaults when <see langword="null"/>.</param>
    /// <param name="clock">The engine's clock; a <see cref="NewClock">manual clock</see> when
    /// <see langword="null"/>.</param>
    /// <param name="store">The engine's store; a new in-memory store when <see langword="null"/>.</param>
    public static EngineFixture Create(
        int doctors,
        int slots,
        int capacity,
        OpdTokenAllocationOptions? options = null,
        TimeProvider? clock = null,
        IStateStore? store = null
    )
    {
        var engine = new AllocationEngine(
            options ?? new OpdTokenAllocationOptions(),
            store,
            timeProvider: clock ?? NewClock()
        );
        var doctorIds = new DoctorId[doctors];
        var slotIds = new SlotId[doctors][];
        for (var d = 0; d < doctors; d++)
        {
            var doctor = Wait(
                    engine.RegisterDoctorAsync(
                        new RegisterDoctor(
                            string.Create(CultureInfo.InvariantCulture, $"Dr. Bench {d + 1}"),
                            d % 2 == 0 ? "General Medicine" : "Paediatrics"
                        )
                    )
                )
                .GetValueOrThrow();
            doctorIds[d] = doctor.Id;
            slotIds[d] = new SlotId[slots];
            for (var s = 0; s < slots; s++)
            {
                var start = new TimeOnly(8, 0).AddHours(s);
                slotIds[d][s] = Wait(
                        engine.AddSlotAsync(new AddSlot(doctor.Id, Day, start, start.AddHours(1), capacity))
                    )
                    .GetValueOrThrow()
                    .Slot.Id;
            }
        }

        return new EngineFixture(engine, doctorIds, slotIds);
    }

    /// <summary>08:00 UTC the day before <see cref="Day"/>: the time every fixture runs at.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A manual clock at <see cref="Start"/>, local time zone UTC.</summary>
    public static ManualTimeProvider NewClock() => new(Start);

    public DoctorId Doctor(int doctor) => _doctors[doctor];

    public PartitionKey Partition(int doctor) => new(_doctors[doctor], Day);

    public SlotId Slot(int doctor, int slot) => _slots[doctor][slot];

    /// <summary>Builds a request of a new patient, with a phone number as most requests have.</summary>
    public AllocateToken Request(int doctor, int? slot, TokenSource source)
    {
        var n = ++_patients;
        return new AllocateToken(
            _doctors[doctor],
            new Patient(
                string.Create(CultureInfo.InvariantCulture, $"Patient {n}"),
                string.Create(CultureInfo.InvariantCulture, $"+91 98{n % 1000000:000000} 12")
            ),
            source
        )
        {
            Date = Day,
            PreferredSlotId = slot is { } s ? _slots[doctor][s] : null,
        };
    }

    /// <summary>Allocates a request and fails loudly when it does not work.</summary>
    public AllocationResult Allocate(int doctor, int? slot, TokenSource source) =>
        Wait(Engine.AllocateAsync(Request(doctor, slot, source))).GetValueOrThrow();

    /// <summary>Fills a slot of a doctor with walk-ins until it has no free seat.</summary>
    public void FillWithWalkIns(int doctor, int slot)
    {
        while (Wait(Engine.GetDoctorDayAsync(Partition(doctor))).GetFreeSeats(Slot(doctor, slot)) > 0)
        {
            var result = Allocate(doctor, slot, TokenSource.WalkIn);
            if (result.Outcome != AllocationOutcome.Allocated)
            {
                throw new InvalidOperationException($"Filling {Slot(doctor, slot)} gave {result.Outcome}.");
            }
        }
    }

    public DoctorDay DayOf(int doctor) => Wait(Engine.GetDoctorDayAsync(Partition(doctor)));

    /// <summary>Blocks on a value task; the in-memory engine completes them synchronously.</summary>
    public static T Wait<T>(ValueTask<T> pending) =>
        pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();

    public void Dispose() => Engine.Dispose();
}
