using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace OpdTokens.Allocation.Tests.Support;

/// <summary>Sends any command to an engine and remembers every command by its actor, which the engine copies onto
/// the events of the change it commits. Replaying the committed commands one by one in version order on a fresh
/// engine must give the same events: the concurrent result is one that a serial order produces (invariant 7).</summary>
internal sealed class CommandPlayer
{
    private readonly ConcurrentDictionary<string, AllocationCommand> _sent = new(StringComparer.Ordinal);
    private int _rejections;
    private int _storeFailures;

    /// <summary>How many allocation requests were refused with <see cref="AllocationErrorCode.SlotFull"/>.</summary>
    public int Rejections => Volatile.Read(ref _rejections);

    /// <summary>How many commands met an injected store failure.</summary>
    public int StoreFailures => Volatile.Read(ref _storeFailures);

    /// <summary>Sends a command under a unique actor name.</summary>
    public async Task<AllocationError?> SendAsync(IAllocationEngine engine, AllocationCommand command, string actor)
    {
        command = command with { Actor = actor };
        Assert.True(_sent.TryAdd(actor, command), $"Actor {actor} used twice.");
        AllocationError? error;
        try
        {
            error = await DispatchAsync(engine, command);
        }
        catch (InjectedStoreFailureException)
        {
            Interlocked.Increment(ref _storeFailures);
            return null;
        }

        if (command is AllocateToken && error?.Code == AllocationErrorCode.SlotFull)
        {
            Interlocked.Increment(ref _rejections);
        }

        return error;
    }

    /// <summary>Replays every committed change of the recorded batches, partition by partition in version order, on
    /// a fresh engine with the same doctors and clock, and checks that each gives the same events.</summary>
    public async Task ReplaySeriallyAsync(IEnumerable<ImmutableArray<AllocationEvent>> batches, Hospital fresh)
    {
        var byPartition = batches.GroupBy(b => b[0].Partition);
        foreach (var partition in byPartition)
        {
            var ordered = partition.OrderBy(b => b[0].Version).ToList();
            Assert.Equal(Enumerable.Range(1, ordered.Count).Select(v => (long)v), ordered.Select(b => b[0].Version));
            foreach (var batch in ordered)
            {
                var actor = batch[0].Actor!;
                Assert.All(batch, e => Assert.Equal((batch[0].Version, actor), (e.Version, e.Actor)));
                fresh.Events.Take();
                await DispatchAsync(fresh.Engine, _sent[actor]);
                var replayed = fresh.Events.TakeSingleBatch();
                Assert.Equal(batch.ToArray(), replayed.ToArray());
            }
        }
    }

    private static async Task<AllocationError?> DispatchAsync(IAllocationEngine engine, AllocationCommand command) =>
        command switch
        {
            AllocateToken c => (await engine.AllocateAsync(c)).Error,
            ChangeTokenStatus c => (await engine.ChangeStatusAsync(c)).Error,
            ReallocateToken c => (await engine.ReallocateAsync(c)).Error,
            ReportDelay c => (await engine.ReportDelayAsync(c)).Error,
            CloseSlot c => (await engine.CloseSlotAsync(c)).Error,
            ResizeSlot c => (await engine.ResizeSlotAsync(c)).Error,
            AddSlot c => (await engine.AddSlotAsync(c)).Error,
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Not a doctor-day command."),
        };
}

/// <summary>A front desk issuing random commands: mostly requests and status moves, sometimes reallocations,
/// resizes, delays, new and closed slots.</summary>
internal sealed class RandomDesk(
    IAllocationEngine engine,
    CommandPlayer player,
    IReadOnlyList<Doctor> doctors,
    DateOnly day,
    ConcurrentBag<TokenId> tokens,
    int seed
)
{
    private static readonly TokenStatus[] Moves =
    [
        TokenStatus.CheckedIn,
        TokenStatus.Consulting,
        TokenStatus.Completed,
        TokenStatus.Cancelled,
        TokenStatus.NoShow,
    ];

    private readonly Random _random = new(seed);

    /// <summary>Waits for the start signal, then sends commands, yielding between them so desks interleave.</summary>
    public async Task RunAsync(int commands, Task start)
    {
        await start;
        for (var i = 0; i < commands; i++)
        {
            await Task.Yield();
            var command = Next();
            await player.SendAsync(engine, command, $"desk{seed}-{i}");
            if (command is AllocateToken)
            {
                // Learn the new token from the day, so status moves can find it.
                var doctor = ((AllocateToken)command).DoctorId;
                var snapshot = await engine.GetDoctorDayAsync(new PartitionKey(doctor, day));
                if (snapshot.NextSequence > 1)
                {
                    tokens.Add(new TokenId(snapshot.Key, snapshot.NextSequence - 1));
                }
            }
        }
    }

    private AllocationCommand Next()
    {
        var doctor = doctors[_random.Next(doctors.Count)];
        var key = new PartitionKey(doctor.Id, day);
        var roll = _random.Next(100);
        var token = !tokens.IsEmpty ? tokens.ElementAt(_random.Next(tokens.Count)) : new TokenId(key, 1);
        return roll switch
        {
            < 55 => Allocation(doctor, key),
            < 85 => new ChangeTokenStatus(token, Moves[_random.Next(Moves.Length)]),
            < 90 => new ReallocateToken(token, new SlotId(token.Partition, 1 + _random.Next(5))),
            < 95 => new ResizeSlot(new SlotId(key, 1 + _random.Next(5)), 1 + _random.Next(6)),
            < 98 => new ReportDelay(doctor.Id, day, TimeSpan.FromMinutes(_random.Next(0, 4) * 15)),
            < 99 => new AddSlot(
                doctor.Id,
                day,
                new TimeOnly(13 + _random.Next(5), 0),
                new TimeOnly(13 + _random.Next(5), 30),
                3
            ),
            _ => _random.Next(4) == 0 ? new CloseSlot(new SlotId(key, 1 + _random.Next(5))) : Allocation(doctor, key),
        };
    }

    private AllocateToken Allocation(Doctor doctor, PartitionKey key)
    {
        var source = (TokenSource)_random.Next(5);
        var patient = _random.Next(3) == 0 ? $"MRN-{_random.Next(30)}" : null;
        return new AllocateToken(doctor.Id, new Patient("Patient", PatientId: patient), source)
        {
            Date = day,
            PreferredSlotId = _random.Next(2) == 0 ? new SlotId(key, 1 + _random.Next(4)) : null,
            IdempotencyKey = _random.Next(5) == 0 ? $"key-{_random.Next(40)}" : null,
            WaitlistIfFull = _random.Next(6) != 0,
        };
    }
}
