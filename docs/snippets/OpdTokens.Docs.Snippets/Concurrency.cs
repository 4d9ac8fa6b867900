using Microsoft.Extensions.DependencyInjection;
using OpdTokens.Allocation;
using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Testing;

namespace OpdTokens.Docs.Snippets;

/// <summary>The code of docs/articles/concurrency.md.</summary>
public static class Concurrency
{
    public static ServiceProvider Tuning()
    {
        var services = new ServiceCollection();

        #region tuning
        services.AddOpdTokenAllocation(options =>
        {
            options.LockStripes = 256; // a power of two; 1 serialises every writer
            options.MaxConflictRetries = 5; // re-runs after another instance committed first
            options.SnapshotMaxAge = TimeSpan.FromSeconds(2); // reads may lag other instances by this much
        });
        #endregion

        return services.BuildServiceProvider();
    }

    public static async Task<(Token FromA, Token FromB, DoctorDay Stored)> TwoInstancesAsync()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero));

        #region two-instances
        // Two engines over one store behave like two app servers over one database.
        var store = new InMemoryStateStore();
        using var a = new AllocationEngine(new OpdTokenAllocationOptions(), store, timeProvider: clock);
        using var b = new AllocationEngine(new OpdTokenAllocationOptions(), store, timeProvider: clock);

        var doctor = (await a.RegisterDoctorAsync(new RegisterDoctor("Dr. Rao", "Cardiology"))).GetValueOrThrow();
        var slot = (await a.AddSlotAsync(new AddSlot(doctor.Id, a.Today, new(9, 0), new(10, 0), 10)))
            .GetValueOrThrow()
            .Slot;
        await b.GetDoctorDayAsync(slot.Id.Partition); // b caches the doctor-day at version 1

        var fromA = (
            await a.AllocateAsync(new AllocateToken(doctor.Id, new Patient("Asha"), TokenSource.Online))
        ).GetValueOrThrow(); // the store is at version 2 now

        // b runs the rule on its stale version 1; the store refuses the commit; b reloads version 2, re-runs the
        // rule and commits version 3. The caller sees none of this: the result is simply a success.
        var fromB = (
            await b.AllocateAsync(new AllocateToken(doctor.Id, new Patient("Ravi"), TokenSource.Online))
        ).GetValueOrThrow();
        Console.WriteLine($"{fromA.Token.Number}, {fromB.Token.Number}"); // DOCD1-20261121-0001, DOCD1-20261121-0002
        #endregion

        var stored = await store.LoadPartitionAsync(slot.Id.Partition, CancellationToken.None);
        return (fromA.Token, fromB.Token, stored!);
    }

    public static async Task<CommandResult<AllocationResult>> AllocateWithRetryAsync(
        IAllocationEngine engine,
        AllocateToken request
    )
    {
        #region retry-conflict
        // Conflict means other writers kept winning for MaxConflictRetries re-runs. Nothing was changed, so the
        // request may be sent again; with an idempotency key a retry can never create a second token.
        var result = await engine.AllocateAsync(request);
        for (var attempt = 1; attempt <= 3 && result.Error?.Code == AllocationErrorCode.Conflict; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt));
            result = await engine.AllocateAsync(request);
        }
        #endregion

        return result;
    }
}
