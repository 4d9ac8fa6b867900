using OpdTokens.Allocation.Policies;
using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Testing;

namespace OpdTokens.Allocation.Tests.Support;

/// <summary>An engine on a manual clock (08:00 UTC on 21 Nov 2026) with an event recorder, and short ways to set up
/// doctors, slots and tokens.</summary>
internal sealed class Hospital : IDisposable
{
    public static readonly DateTimeOffset Opening = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    private Hospital(ManualTimeProvider clock, AllocationEngine engine, OpdTokenAllocationOptions options)
    {
        Clock = clock;
        Engine = engine;
        Options = options;
        engine.Subscribe(Events);
    }

    public ManualTimeProvider Clock { get; }

    public AllocationEngine Engine { get; }

    public OpdTokenAllocationOptions Options { get; }

    public EventRecorder Events { get; } = new();

    public DateOnly Today => Engine.Today;

    public static Hospital Open(
        Action<OpdTokenAllocationOptions>? configure = null,
        IStateStore? store = null,
        IPriorityPolicy? policy = null,
        ManualTimeProvider? clock = null
    )
    {
        var options = new OpdTokenAllocationOptions();
        configure?.Invoke(options);
        clock ??= new ManualTimeProvider(Opening);
        return new Hospital(clock, new AllocationEngine(options, store, policy, clock), options);
    }

    public async Task<Doctor> DoctorAsync(string name = "Dr Rao", string specialty = "Cardiology") =>
        (await Engine.RegisterDoctorAsync(new RegisterDoctor(name, specialty))).GetValueOrThrow();

    /// <summary>Adds a slot starting at a whole hour of today (or a later day).</summary>
    public async Task<Slot> SlotAsync(Doctor doctor, int hour, int capacity, int minutes = 60, int dayOffset = 0)
    {
        var start = new TimeOnly(hour, 0);
        var command = new AddSlot(doctor.Id, Today.AddDays(dayOffset), start, start.AddMinutes(minutes), capacity);
        return (await Engine.AddSlotAsync(command)).GetValueOrThrow().Slot;
    }

    public static AllocateToken Request(
        Doctor doctor,
        string patient,
        TokenSource source,
        Slot? preferred = null,
        string? patientId = null
    ) => new(doctor.Id, new Patient(patient, PatientId: patientId), source) { PreferredSlotId = preferred?.Id };

    public async Task<AllocationResult> AllocateAsync(
        Doctor doctor,
        string patient,
        TokenSource source,
        Slot? preferred = null,
        string? patientId = null
    ) => (await Engine.AllocateAsync(Request(doctor, patient, source, preferred, patientId))).GetValueOrThrow();

    /// <summary>Fills a slot with walk-ins that asked for it.</summary>
    public async Task<List<Token>> FillAsync(Doctor doctor, Slot slot, TokenSource source = TokenSource.WalkIn)
    {
        var tokens = new List<Token>();
        var day = await DayAsync(doctor, slot.Date);
        for (var i = day.GetOccupancy(slot.Id); i < slot.MaxCapacity; i++)
        {
            var result = await AllocateAsync(doctor, $"Filler {slot.Id.Number}-{i}", source, slot);
            Assert.Equal(slot.Id, result.Token.SlotId);
            tokens.Add(result.Token);
        }

        return tokens;
    }

    public async Task<DoctorDay> DayAsync(Doctor doctor, DateOnly? date = null) =>
        await Engine.GetDoctorDayAsync(new PartitionKey(doctor.Id, date ?? Today));

    public async Task<Token> TokenAsync(TokenId id) =>
        await Engine.GetTokenAsync(id) ?? throw new InvalidOperationException($"Token {id} does not exist.");

    public async Task<CommandResult<StatusChangeResult>> SetStatusAsync(
        TokenId id,
        TokenStatus status,
        string? reason = null
    ) => await Engine.ChangeStatusAsync(new ChangeTokenStatus(id, status) { Reason = reason });

    /// <summary>Checks every invariant of every stored doctor-day.</summary>
    public async Task CheckInvariantsAsync()
    {
        foreach (var day in await Engine.GetDoctorDaysAsync(null))
        {
            Invariants.Check(day, Clock.GetUtcNow(), Options);
        }
    }

    public void Dispose() => Engine.Dispose();
}
