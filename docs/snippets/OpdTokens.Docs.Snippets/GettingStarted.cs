using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using OpdTokens.Allocation;

namespace OpdTokens.Docs.Snippets;

/// <summary>The code of docs/articles/getting-started.md, in the order the article shows it.</summary>
public static class GettingStarted
{
    public static async Task<(
        AllocationResult Allocation,
        ImmutableArray<QueueEntry> Queue,
        Token Completed
    )?> RunAsync()
    {
        #region register
        var services = new ServiceCollection();
        services.AddOpdTokenAllocation(options =>
        {
            options.TimeZoneId = "Asia/Kolkata";
            options.EmergencyOverflowPerSlot = 1;
        });
        await using var provider = services.BuildServiceProvider();
        var engine = provider.GetRequiredService<IAllocationEngine>();
        #endregion

        #region add-doctor-and-slots
        var doctor = (await engine.RegisterDoctorAsync(new RegisterDoctor("Dr. Rao", "Cardiology"))).GetValueOrThrow();
        var date = engine.Today.AddDays(1);
        var nine = (await engine.AddSlotAsync(new AddSlot(doctor.Id, date, new(9, 0), new(10, 0), MaxCapacity: 10)))
            .GetValueOrThrow()
            .Slot;
        var ten = (await engine.AddSlotAsync(new AddSlot(doctor.Id, date, new(10, 0), new(11, 0), MaxCapacity: 10)))
            .GetValueOrThrow()
            .Slot;
        #endregion

        #region allocate
        var request = new AllocateToken(
            doctor.Id,
            new Patient("Asha Menon", Phone: "+91 98450 12345", PatientId: "MRN-1042"),
            TokenSource.Online
        )
        {
            PreferredSlotId = nine.Id,
            IdempotencyKey = "portal-7f3c2a91",
        };

        var result = await engine.AllocateAsync(request);
        if (!result.IsSuccess)
        {
            // Normal failures are values, not exceptions: show them to the patient or the desk.
            Console.WriteLine($"{result.Error.Code}: {result.Error.Message}");
            return null;
        }

        var token = result.Value.Token;
        Console.WriteLine($"{token.Number} in {token.SlotId} ({result.Value.Outcome}), score {token.PriorityScore}");
        #endregion

        // A second patient, so the queue below has two entries.
        await engine.AllocateAsync(
            new AllocateToken(doctor.Id, new Patient("Ravi Kumar"), TokenSource.WalkIn) { PreferredSlotId = nine.Id }
        );

        #region read-queue
        var day = await engine.GetDoctorDayAsync(nine.Id.Partition);
        foreach (var entry in day.GetQueueEntries(nine.Id))
        {
            Console.WriteLine(
                $"{entry.Position}. {entry.Token.Number} ~{entry.EstimatedStart:HH:mm} {entry.Token.Source}"
            );
        }

        Console.WriteLine(
            $"{day.GetOccupancy(nine.Id)}/{nine.MaxCapacity} seats held, {day.Waitlist.Count} waitlisted"
        );
        #endregion

        #region status
        await engine.ChangeStatusAsync(new ChangeTokenStatus(token.Id, TokenStatus.CheckedIn));
        await engine.ChangeStatusAsync(new ChangeTokenStatus(token.Id, TokenStatus.Consulting));
        var done = (await engine.ChangeStatusAsync(new ChangeTokenStatus(token.Id, TokenStatus.Completed)))
            .GetValueOrThrow()
            .Token;

        // Completed is terminal: any further move is an InvalidTransition error, and nothing changes.
        var again = await engine.ChangeStatusAsync(new ChangeTokenStatus(token.Id, TokenStatus.Cancelled));
        Console.WriteLine(again.Error?.Code); // InvalidTransition
        #endregion

        _ = ten;
        return (result.Value, day.GetQueueEntries(nine.Id), done);
    }
}
