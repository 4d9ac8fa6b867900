using System.Collections.Immutable;
using OpdTokens.Allocation.Storage;

namespace OpdTokens.Allocation.Testing;

/// <summary>The data the conformance suite stores: an eventful day run through a real engine, and hand-made changes
/// for version conflicts.</summary>
internal static class ConformanceScenario
{
    /// <summary>Runs a day that uses every stored field: tokens of every source and status with every timestamp,
    /// bumps, an emergency overflow and an emergency bump into the waitlist, promotions, a reallocation with a note, a
    /// cancellation with a reason, a resized, a closed and a late-added slot, a delay, and idempotency keys.</summary>
    /// <param name="engine">An engine with default options, on an empty store, whose clock is
    /// <paramref name="clock"/> at 07:00 local time.</param>
    /// <param name="clock">The engine's clock; each command runs a few odd seconds after the previous one.</param>
    /// <param name="afterEachCommit">Called after every command that committed a change of the day.</param>
    /// <returns>The engine's snapshot of the day at the end.</returns>
    public static async Task<DoctorDay> RunEventfulDayAsync(
        AllocationEngine engine,
        ManualTimeProvider clock,
        Func<Task> afterEachCommit
    )
    {
        var doctor = (
            await engine.RegisterDoctorAsync(
                new RegisterDoctor("Dr. Ananya O'Brien — 心臓", "Cardiology") { Id = new DoctorId("D1") }
            )
        ).GetValueOrThrow();
        var today = engine.Today;

        async Task<T> Do<T>(ValueTask<CommandResult<T>> command)
            where T : class
        {
            var value = (await command).GetValueOrThrow();
            clock.Advance(TimeSpan.FromTicks(37_000_001));
            await afterEachCommit();
            return value;
        }

        async Task<Slot> AddSlot(int fromHour, int toHour, int capacity) =>
            (
                await Do(engine.AddSlotAsync(new AddSlot(doctor.Id, today, new(fromHour, 0), new(toHour, 0), capacity)))
            ).Slot;

        Task<AllocationResult> Allocate(Patient patient, TokenSource source, Slot? slot, string? key = null) =>
            Do(
                engine.AllocateAsync(
                    new AllocateToken(doctor.Id, patient, source)
                    {
                        Date = today,
                        PreferredSlotId = slot?.Id,
                        IdempotencyKey = key,
                        Actor = "desk-1",
                    }
                )
            );

        Task<StatusChangeResult> Move(Token token, TokenStatus to, string? reason = null) =>
            Do(engine.ChangeStatusAsync(new ChangeTokenStatus(token.Id, to) { Reason = reason }));

        var s1 = await AddSlot(9, 10, 2);
        var s2 = await AddSlot(10, 11, 2);
        var s3 = await AddSlot(11, 12, 2);
        var s4 = await AddSlot(12, 13, 1);

        var asha = (
            await Allocate(
                new Patient("Asha Rao", "+91 98765 43210", "MRN-0001")
                {
                    DateOfBirth = new DateOnly(1948, 2, 29),
                    Attributes = PatientAttributes.Create([
                        new("mobility", "wheelchair"),
                        new("interpreter", "தமிழ் — \"Tamil\""),
                    ]),
                },
                TokenSource.Online,
                s1,
                "booking-asha"
            )
        ).Token;
        var bala = (await Allocate(new Patient("Bala \"Bob\" Iyer"), TokenSource.WalkIn, s1)).Token;
        // A paid request bumps Bala, the lowest-ranked, into s2 and takes his seat.
        var chitra = (
            await Allocate(new Patient("Chitra", PatientId: "MRN-0003"), TokenSource.Paid, s1, "booking-chitra")
        ).Token;
        asha = (await Move(asha, TokenStatus.CheckedIn)).Token;
        asha = (await Move(asha, TokenStatus.Consulting)).Token;
        await Move(asha, TokenStatus.Completed);

        var dev = (await Allocate(new Patient("Dev"), TokenSource.FollowUp, s2)).Token;
        var esha = (await Allocate(new Patient("Esha"), TokenSource.WalkIn, s3)).Token;
        var farid = (await Allocate(new Patient("Farid", "0987654321"), TokenSource.Online, s3)).Token;
        var gita = (await Allocate(new Patient("Gita"), TokenSource.WalkIn, s4)).Token;

        // Every slot is full: the first emergency overflows s1, the second bumps Chitra into the waitlist.
        await Allocate(new Patient("Hari (emergency)"), TokenSource.Emergency, s1, "er-hari");
        await Allocate(new Patient("Indu (emergency)"), TokenSource.Emergency, s1, "er-indu");
        var jaya = (await Allocate(new Patient("Jaya"), TokenSource.WalkIn, null)).Token;

        // Freed seats go to the waitlist: Chitra into s2, then Jaya into s3.
        await Move(dev, TokenStatus.Cancelled, "Patient is travelling");
        await Move(esha, TokenStatus.NoShow);

        await Do(engine.ResizeSlotAsync(new ResizeSlot(s4.Id, 2)));
        await Do(engine.ReallocateAsync(new ReallocateToken(farid.Id, s4.Id) { Reason = "Asked for a later time" }));
        // Closing s4 sends Gita and Farid to the waitlist; the new s5 takes them back.
        await Do(engine.CloseSlotAsync(new CloseSlot(s4.Id)));
        await AddSlot(13, 14, 4);
        await Do(engine.ReportDelayAsync(new ReportDelay(doctor.Id, today, TimeSpan.FromMinutes(45))));

        var day = await engine.GetDoctorDayAsync(s1.Id.Partition);
        var seated = day.Tokens.Where(t => t.Status == TokenStatus.Allocated).OrderBy(t => t.Sequence).ToList();
        var checkedIn = (await Move(seated[0], TokenStatus.CheckedIn)).Token;
        await Move(checkedIn, TokenStatus.Consulting);
        await Move(seated[1], TokenStatus.CheckedIn);
        // Fill every seat so the last walk-ins wait on the waitlist.
        for (var n = 1; n <= 12; n++)
        {
            var result = await Allocate(new Patient("Walk-in " + n), TokenSource.WalkIn, null);
            if (result.Outcome == AllocationOutcome.Waitlisted)
            {
                break;
            }
        }

        _ = (bala, chitra, gita, jaya);
        return await engine.GetDoctorDayAsync(s1.Id.Partition);
    }

    /// <summary>Fails unless the day uses every field a store keeps, so the round trip test covers them all.</summary>
    /// <param name="day">The day from <see cref="RunEventfulDayAsync"/>.</param>
    public static void AssertUsesEveryField(DoctorDay day)
    {
        var tokens = day.Tokens.ToList();
        var moves = tokens.SelectMany(t => t.History).ToList();
        Assert.All(Enum.GetValues<TokenStatus>(), s => Assert.Contains(tokens, t => t.Status == s));
        Assert.All(Enum.GetValues<TokenSource>(), s => Assert.Contains(tokens, t => t.Source == s));
        Assert.All(Enum.GetValues<MoveReason>(), r => Assert.Contains(moves, m => m.Reason == r));
        Assert.Contains(moves, m => m.From is null);
        Assert.Contains(moves, m => m.To is null);
        Assert.Contains(moves, m => m.Note is not null);
        Assert.Contains(tokens, t => t.History.Length >= 2);
        Assert.Contains(tokens, t => t.BumpCount > 0);
        Assert.Contains(tokens, t => t.IsOverflow);
        Assert.Contains(tokens, t => t.Patient.Phone is not null && t.Patient.PatientId is not null);
        Assert.Contains(tokens, t => t.Patient.Phone is null && t.Patient.PatientId is null);
        Assert.Contains(tokens, t => t.Patient.DateOfBirth is not null && t.Patient.Attributes.Count >= 2);
        Assert.Contains(tokens, t => t.Patient.DateOfBirth is null && t.Patient.Attributes.Count == 0);
        Assert.Contains(tokens, t => t.CompletedAt is not null && t.ConsultationStartedAt is not null);
        Assert.Contains(tokens, t => t.CancelledAt is not null && t.CancellationReason is not null);
        Assert.Contains(tokens, t => t.NoShowAt is not null);
        Assert.Contains(tokens, t => t.CheckedInAt is not null && t.Status == TokenStatus.CheckedIn);
        Assert.Contains(tokens, t => t.Status != TokenStatus.Waitlisted && t.SlotId is not null);
        Assert.Contains(day.Slots, s => !s.IsActive);
        Assert.NotEqual(TimeSpan.Zero, day.Delay);
        Assert.Contains(day.IdempotencyRecords.Values, r => r.BumpedTokenId is not null);
        Assert.Contains(day.IdempotencyRecords.Values, r => r.BumpedTokenId is null);
        Assert.Contains(day.IdempotencyRecords.Values, r => r.Outcome == AllocationOutcome.Overflow);
    }

    /// <summary>Builds a change of a doctor-day made on a chosen version: a later delay, one more slot and the first
    /// token's patient renamed, each of which would show if a refused commit were partly applied.</summary>
    /// <param name="basis">The doctor-day to change.</param>
    /// <param name="expectedVersion">The version the change claims to be made on.</param>
    /// <param name="patientName">The first token's new patient name.</param>
    /// <returns>The change.</returns>
    public static PartitionChange EditOf(DoctorDay basis, long expectedVersion, string patientName) =>
        Edit(basis, expectedVersion, patientName).Change;

    /// <summary>Builds the change of <see cref="EditOf"/> and the doctor-day a store holds once it is
    /// committed.</summary>
    /// <param name="basis">The doctor-day to change.</param>
    /// <param name="expectedVersion">The version the change claims to be made on.</param>
    /// <param name="patientName">The first token's new patient name.</param>
    /// <returns>The change and the day after it.</returns>
    public static (PartitionChange Change, DoctorDay After) Edit(
        DoctorDay basis,
        long expectedVersion,
        string patientName
    )
    {
        var key = basis.Key;
        var after = basis.Slots.Length == 0 ? StartOf(key).AddHours(14) : basis.Slots.Max(s => s.EndsAt);
        var slot = new Slot(new SlotId(key, basis.Slots.Length + 1), after, after.AddHours(1), 3);
        var renamed = basis.Tokens.Take(1).Select(t => t with { Patient = t.Patient with { Name = patientName } });
        var change = new PartitionChange(
            key,
            expectedVersion,
            basis.Delay + TimeSpan.FromMinutes(7),
            [.. renamed],
            [slot],
            [],
            []
        );
        return (change, Applied(basis, change));
    }

    /// <summary>The doctor-day a store holds once it has committed a change on top of a day: the change's tokens,
    /// slots and idempotency records replace or join the day's, and it takes the change's delay and version.</summary>
    /// <param name="basis">The doctor-day before the change.</param>
    /// <param name="change">The change.</param>
    /// <returns>The doctor-day after the change.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static DoctorDay Applied(DoctorDay basis, PartitionChange change)
    {
        ArgumentNullException.ThrowIfNull(basis);
        ArgumentNullException.ThrowIfNull(change);
        var tokens = basis.Tokens.ToDictionary(t => t.Sequence);
        foreach (var token in change.Tokens)
        {
            tokens[token.Sequence] = token;
        }

        var slots = basis.Slots.ToDictionary(s => s.Id.Number);
        foreach (var slot in change.Slots)
        {
            slots[slot.Id.Number] = slot;
        }

        return DoctorDay.Create(
            change.Partition,
            change.NewVersion,
            change.Delay,
            slots.Values,
            tokens.Values,
            basis.IdempotencyRecords.Values.Concat(change.IdempotencyRecords)
        );
    }

    private static DateTimeOffset StartOf(PartitionKey key) =>
        new(key.Date.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(5.5));
}
