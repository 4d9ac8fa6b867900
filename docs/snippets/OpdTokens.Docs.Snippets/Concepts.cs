using System.Collections.Immutable;
using OpdTokens.Allocation;
using OpdTokens.Allocation.Policies;

namespace OpdTokens.Docs.Snippets;

/// <summary>The worked examples of docs/articles/concepts.md; the snippet tests check every number the article
/// states.</summary>
public static class Concepts
{
    public static async Task<(PartitionKey Partition, Token? ById, Token? ByNumber)> RoutingAsync()
    {
        using var example = await ExampleDay.StartAsync(new OpdTokenAllocationOptions(), 10);
        var engine = example.Engine;
        await example.RequestAsync("Asha", TokenSource.Online);

        #region routing
        // Every id names its doctor-day, so a lookup goes straight to one partition: no global index, no global lock.
        if (!TokenId.TryParse("T-D1-20261121-1", out var id))
        {
            throw new FormatException("Not a token id.");
        }

        Console.WriteLine(id.Partition); // D1/2026-11-21
        var byId = await engine.GetTokenAsync(id);
        var byNumber = await engine.FindTokenByNumberAsync("DOCD1-20261121-0001");
        #endregion

        return (id.Partition, byId, byNumber);
    }

    public static async Task<ImmutableArray<string>> RankAsync()
    {
        using var example = await ExampleDay.StartAsync(new OpdTokenAllocationOptions(), 3);
        var nine = example.Slots[0];

        #region rank
        await example.RequestAsync("Ravi", TokenSource.WalkIn, nine); // score 10, sequence 1
        await example.RequestAsync("Asha", TokenSource.Online, nine); // score 30, sequence 2
        await example.RequestAsync("Meena", TokenSource.WalkIn, nine); // score 10, sequence 3

        var day = await example.ReadDayAsync();
        foreach (var entry in day.GetQueueEntries(nine.Id))
        {
            // 1. Asha ~09:00, 2. Ravi ~09:20, 3. Meena ~09:40: score first, then who asked first.
            Console.WriteLine($"{entry.Position}. {entry.Token.Number} ~{entry.EstimatedStart:HH:mm}");
        }
        #endregion

        return [.. day.GetQueue(nine.Id).Select(t => t.Patient.Name)];
    }

    public static async Task<(AllocationResult Paid, DoctorDay Day)> BumpAsync()
    {
        #region bump
        // Two slots of two seats: 09:00 and 10:00.
        using var example = await ExampleDay.StartAsync(new OpdTokenAllocationOptions(), 2, 2);
        var (nine, ten) = (example.Slots[0], example.Slots[1]);

        await example.RequestAsync("Ravi", TokenSource.WalkIn, nine); // Allocated at 09:00
        await example.RequestAsync("Meena", TokenSource.WalkIn, nine); // Allocated at 09:00: the slot is full
        var paid = await example.RequestAsync("Kiran", TokenSource.Paid, nine);

        // Kiran (score 100) takes Meena's seat: she is the lowest-ranked walk-in (same score as Ravi, asked later).
        // Meena moves to the first later slot with room; her token records the move and its reason.
        Console.WriteLine(paid.Outcome); // BumpedOther
        Console.WriteLine($"{paid.BumpedToken!.Patient.Name} -> {paid.BumpedToken.SlotId}"); // Meena -> S-D1-20261121-2
        #endregion

        _ = ten;
        return (paid, await example.ReadDayAsync());
    }

    public static async Task<(AllocationResult First, AllocationResult Second, DoctorDay Day)> EmergencyAsync()
    {
        #region emergency
        // One slot of one seat, already taken; the default overflow allowance is one emergency per slot.
        using var example = await ExampleDay.StartAsync(new OpdTokenAllocationOptions(), 1);
        var nine = example.Slots[0];
        await example.RequestAsync("Ravi", TokenSource.WalkIn, nine);

        // No later slot to move Ravi to, so the first emergency overflows the slot: 2 seats held of 1.
        var first = await example.RequestAsync("Dev", TokenSource.Emergency);
        Console.WriteLine($"{first.Outcome}, overflow: {first.Token.IsOverflow}"); // Overflow, overflow: True

        // The allowance is used up: the second emergency bumps Ravi into the waitlist.
        var second = await example.RequestAsync("Sita", TokenSource.Emergency);
        Console.WriteLine($"{second.Outcome}: {second.BumpedToken!.Status}"); // BumpedOther: Waitlisted
        #endregion

        return (first, second, await example.ReadDayAsync());
    }

    public static async Task<(
        AllocationResult Waitlisted,
        AllocationError Rejected,
        StatusChangeResult Cancelled
    )> WaitlistAsync()
    {
        #region waitlist
        // Two slots of one seat. Requests without a preferred slot take the first slot with room.
        using var example = await ExampleDay.StartAsync(new OpdTokenAllocationOptions(), 1, 1);
        var engine = example.Engine;
        var asha = await example.RequestAsync("Asha", TokenSource.Online); // 09:00
        await example.RequestAsync("Ravi", TokenSource.Online); // 10:00
        var meena = await example.RequestAsync("Meena", TokenSource.WalkIn); // no seat left: Waitlisted

        // Asking not to wait turns the same request into a SlotFull error: no token, but alternatives. Here a
        // colleague of the same specialty has a free seat today.
        var iyer = (await engine.RegisterDoctorAsync(new RegisterDoctor("Dr. Iyer", "Cardiology"))).GetValueOrThrow();
        await engine.AddSlotAsync(new AddSlot(iyer.Id, engine.Today, new(9, 0), new(10, 0), 5));
        var rejected = await engine.AllocateAsync(
            new AllocateToken(example.Doctor.Id, new Patient("Lata"), TokenSource.WalkIn) { WaitlistIfFull = false }
        );
        Console.WriteLine($"{rejected.Error!.Code}, try {rejected.Error.Alternatives[0].SlotId}"); // ... S-D2-20261121-1

        // Asha cancels: her seat goes to the highest-ranked waitlisted token, Meena, in the same command.
        var cancelled = (
            await engine.ChangeStatusAsync(
                new ChangeTokenStatus(asha.Token.Id, TokenStatus.Cancelled) { Reason = "Patient called" }
            )
        ).GetValueOrThrow();
        Console.WriteLine($"{cancelled.PromotedToken!.Number} promoted"); // DOCD1-20261121-0003 (Meena) promoted
        #endregion

        return (meena, rejected.Error, cancelled);
    }

    public static ImmutableArray<Token> OrderByRank(IEnumerable<Token> tokens)
    {
        #region rank-comparer
        // The order every queue, the waitlist and the bump choice use: score descending, then sequence ascending,
        // then allocation time ascending.
        var ranked = tokens.Order(RankComparer.Instance).ToImmutableArray();
        #endregion

        return ranked;
    }
}
