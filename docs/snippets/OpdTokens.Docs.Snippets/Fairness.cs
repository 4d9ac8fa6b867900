using OpdTokens.Allocation;

namespace OpdTokens.Docs.Snippets;

/// <summary>The examples of docs/articles/fairness.md.</summary>
public static class Fairness
{
    public static async Task<(
        CommandResult<AllocationResult> First,
        CommandResult<AllocationResult> Retry,
        CommandResult<AllocationResult> Reused
    )> IdempotencyAsync()
    {
        using var example = await ExampleDay.StartAsync(new OpdTokenAllocationOptions(), 10);
        var engine = example.Engine;
        var doctorId = example.Doctor.Id;

        #region idempotency
        // The key comes from the client (a kiosk, a portal, the Idempotency-Key header) and is the same on every retry.
        var request = new AllocateToken(doctorId, new Patient("Asha"), TokenSource.WalkIn)
        {
            IdempotencyKey = "kiosk-3-000187",
        };

        var first = await engine.AllocateAsync(request);
        var retry = await engine.AllocateAsync(request); // the network dropped the first answer

        // Same token, same outcome, nothing changed; IsReplay tells the two apart.
        Console.WriteLine($"{retry.Value!.Token.Id == first.Value!.Token.Id}, {retry.Value.IsReplay}"); // True, True

        // The same key with a different request is refused.
        var reused = await engine.AllocateAsync(request with { Patient = new Patient("Ravi") });
        Console.WriteLine(reused.Error!.Code); // IdempotencyKeyReused
        #endregion

        return (first, retry, reused);
    }

    public static async Task<(
        AllocationResult Booked,
        AllocationError Duplicate,
        AllocationResult Emergency,
        Token Earlier
    )> OneActiveTokenAsync()
    {
        using var example = await ExampleDay.StartAsync(new OpdTokenAllocationOptions(), 10);
        var engine = example.Engine;
        var doctorId = example.Doctor.Id;

        #region one-active-token
        var patient = new Patient("Asha", PatientId: "MRN-1042"); // the hospital's record number

        var booked = (
            await engine.AllocateAsync(new AllocateToken(doctorId, patient, TokenSource.Online))
        ).GetValueOrThrow();

        // Booking again the same day, from any source, is refused and names the token she already holds.
        var again = await engine.AllocateAsync(new AllocateToken(doctorId, patient, TokenSource.WalkIn));
        Console.WriteLine($"{again.Error!.Code}: {again.Error.ExistingTokenId}"); // DuplicatePatient: T-D1-20261121-1

        // An emergency is exempt: the earlier booking is cancelled in the same command.
        var emergency = (
            await engine.AllocateAsync(new AllocateToken(doctorId, patient, TokenSource.Emergency))
        ).GetValueOrThrow();
        var earlier = await engine.GetTokenAsync(booked.Token.Id);
        Console.WriteLine($"{earlier!.Status}: {earlier.CancellationReason}"); // Cancelled: Replaced by an emergency...
        #endregion

        return (booked, again.Error, emergency, earlier);
    }

    public static async Task<(AllocationResult Kiran, AllocationResult Lata, Token Ravi)> BumpLimitAsync()
    {
        #region bump-limit
        // A token may be bumped once here (the default is twice). Three slots of one seat: 09:00, 10:00, 11:00.
        var options = new OpdTokenAllocationOptions { MaxBumpsPerToken = 1 };
        using var example = await ExampleDay.StartAsync(options, 1, 1, 1);
        var (nine, ten) = (example.Slots[0], example.Slots[1]);

        var ravi = await example.RequestAsync("Ravi", TokenSource.WalkIn, nine);
        var kiran = await example.RequestAsync("Kiran", TokenSource.Paid, nine); // bumps Ravi to 10:00
        var lata = await example.RequestAsync("Lata", TokenSource.Paid, ten); // Ravi is not bumped again

        // Lata outranks Ravi, but he has used up his bumps, so she gets the next slot with room: 11:00.
        var day = await example.ReadDayAsync();
        var raviNow = day.FindToken(ravi.Token.Id)!;
        // Ravi: S-D1-20261121-2, bumped 1x; Lata: S-D1-20261121-3
        Console.WriteLine($"Ravi: {raviNow.SlotId}, bumped {raviNow.BumpCount}x; Lata: {lata.Token.SlotId}");
        #endregion

        return (kiran, lata, raviNow);
    }

    public static async Task<(
        AllocationResult Dev,
        AllocationResult Sita,
        DoctorDayAnalytics Analytics
    )> EmergencyCapAsync()
    {
        #region emergency-cap
        // Up to two emergencies over capacity per slot, but only one overflow seat in the whole day.
        var options = new OpdTokenAllocationOptions { EmergencyOverflowPerSlot = 2, EmergencyOverflowPerDay = 1 };
        using var example = await ExampleDay.StartAsync(options, 1, 1);
        var (nine, ten) = (example.Slots[0], example.Slots[1]);
        await example.RequestAsync("Ravi", TokenSource.WalkIn, nine);
        await example.RequestAsync("Meena", TokenSource.WalkIn, ten);

        var dev = await example.RequestAsync("Dev", TokenSource.Emergency, nine); // Overflow: the day's one
        var sita = await example.RequestAsync("Sita", TokenSource.Emergency, ten); // cap reached: bumps Meena

        var analytics = await example.Engine.GetDoctorDayAnalyticsAsync(nine.Id.Partition);
        // Overflow, BumpedOther; overflows 1, bumps 1
        Console.WriteLine($"{dev.Outcome}, {sita.Outcome}; overflows {analytics.Overflows}, bumps {analytics.Bumps}");
        #endregion

        return (dev, sita, analytics);
    }
}
