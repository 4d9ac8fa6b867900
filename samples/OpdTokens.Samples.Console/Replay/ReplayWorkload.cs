using System.Globalization;
using OpdTokens.Allocation;

namespace OpdTokens.Samples.Console.Replay;

/// <summary>A seeded, deterministic hospital day to replay through the public API: the yardstick of the engine's
/// speed (issue 14). Every request and cancellation is built here, before anything is timed.</summary>
/// <remarks>
/// <para>One future day; <see cref="Doctors"/> doctors with 8 hourly slots of <see cref="Capacity"/> seats each. Every
/// request prefers a slot drawn uniformly over all doctor-slots, and its source is drawn from Emergency 2%, Paid 8%,
/// FollowUp 13%, Online 44%, WalkIn 33%. The first half of the requests run alone; then the cancellations of random
/// earlier tokens are spread evenly through the second half.</para>
/// <para>Each request creates exactly one token (seated or waitlisted, never refused), so every token's id is known in
/// advance and a cancellation always names a token that exists and can be cancelled.</para>
/// </remarks>
public sealed class ReplayWorkload
{
    /// <summary>Slots per doctor.</summary>
    public const int SlotsPerDoctor = 8;

    private static readonly (TokenSource Source, double Share)[] Mix =
    [
        (TokenSource.Emergency, 0.02),
        (TokenSource.Paid, 0.08),
        (TokenSource.FollowUp, 0.13),
        (TokenSource.Online, 0.44),
        (TokenSource.WalkIn, 0.33),
    ];

    private ReplayWorkload(string name, int doctors, int capacity, int requests, int cancellations, int seed)
    {
        Name = name;
        Doctors = doctors;
        Capacity = capacity;
        Requests = requests;
        Cancellations = cancellations;
        Seed = seed;
        var random = new Random(seed);
        DoctorCommands =
        [
            .. Enumerable
                .Range(1, doctors)
                .Select(d => new RegisterDoctor(
                    string.Create(CultureInfo.InvariantCulture, $"Dr. Replay {d}"),
                    d % 2 == 0 ? "General Medicine" : "Paediatrics"
                )
                {
                    Id = DoctorId(d),
                }),
        ];
        SlotCommands =
        [
            .. Enumerable
                .Range(1, doctors)
                .SelectMany(d =>
                    Enumerable
                        .Range(0, SlotsPerDoctor)
                        .Select(s => new AddSlot(
                            DoctorId(d),
                            Day,
                            new TimeOnly(8 + s, 0),
                            new TimeOnly(9 + s, 0),
                            capacity
                        ))
                ),
        ];
        Steps = BuildSteps(random);
    }

    /// <summary>The replayed day: a fixed date the frozen clock of <see cref="ReplayClock"/> is two days before.</summary>
    public static DateOnly Day { get; } = new(2026, 11, 23);

    /// <summary>W1: 3 doctors x 8 slots x 20 seats, 480 requests and 48 cancellations (528 operations): the size of
    /// the console's day, for measuring a fresh process.</summary>
    public static ReplayWorkload W1(int seed = 20261123) => new("W1", 3, 20, 480, 48, seed);

    /// <summary>W2: 100 doctors x 8 slots x 50 seats, 40,000 requests (the day exactly full) and 4,000
    /// cancellations.</summary>
    public static ReplayWorkload W2(int seed = 20261123) => new("W2", 100, 50, 40_000, 4_000, seed);

    /// <summary>W3: the W2 day with 49,600 requests (1.25x oversubscribed: full slots, bumps, waitlists and
    /// alternatives) and the same 4,000 cancellations.</summary>
    public static ReplayWorkload W3(int seed = 20261123) => new("W3", 100, 50, 49_600, 4_000, seed);

    /// <summary>Finds a workload by name (W1, W2 or W3, any case).</summary>
    /// <param name="name">The name.</param>
    /// <param name="workload">The workload.</param>
    /// <returns><see langword="true"/> when the name is known.</returns>
    public static bool TryGet(string name, out ReplayWorkload workload)
    {
        workload = name.ToUpperInvariant() switch
        {
            "W1" => W1(),
            "W2" => W2(),
            "W3" => W3(),
            _ => null!,
        };
        return workload is not null;
    }

    public string Name { get; }

    public int Doctors { get; }

    public int Capacity { get; }

    /// <summary>Allocation requests.</summary>
    public int Requests { get; }

    public int Cancellations { get; }

    public int Seed { get; }

    /// <summary>Requests plus cancellations: what <see cref="ReplayRunner.RunAsync"/> times.</summary>
    public int Operations => Requests + Cancellations;

    public IReadOnlyList<RegisterDoctor> DoctorCommands { get; }

    public IReadOnlyList<AddSlot> SlotCommands { get; }

    /// <summary>The timed commands in order: each an allocation request or a cancellation.</summary>
    public IReadOnlyList<AllocationCommand> Steps { get; }

    private AllocationCommand[] BuildSteps(Random random)
    {
        var steps = new List<AllocationCommand>(Operations);
        var issued = new int[Doctors];
        var tokens = new List<TokenId>(Requests);
        var cancelled = new HashSet<TokenId>();
        var firstHalf = Requests / 2;
        var secondHalf = Requests - firstHalf;
        var nextCancellation = 0;
        for (var i = 0; i < Requests; i++)
        {
            var slot = random.Next(Doctors * SlotsPerDoctor);
            var doctor = slot / SlotsPerDoctor;
            var partition = new PartitionKey(DoctorId(doctor + 1), Day);
            steps.Add(
                new AllocateToken(
                    partition.Doctor,
                    new Patient(string.Create(CultureInfo.InvariantCulture, $"Patient {i}")),
                    Draw(random)
                )
                {
                    PreferredSlotId = new SlotId(partition, 1 + slot % SlotsPerDoctor),
                }
            );
            tokens.Add(new TokenId(partition, ++issued[doctor]));

            // Cancellation k follows request firstHalf + (k + 1) * secondHalf / cancellations - 1.
            while (
                i >= firstHalf
                && nextCancellation < Cancellations
                && i + 1 >= firstHalf + (long)(nextCancellation + 1) * secondHalf / Cancellations
            )
            {
                TokenId victim;
                do
                {
                    victim = tokens[random.Next(tokens.Count)];
                } while (!cancelled.Add(victim));

                steps.Add(new ChangeTokenStatus(victim, TokenStatus.Cancelled) { Reason = "Patient cancelled." });
                nextCancellation++;
            }
        }

        return [.. steps];
    }

    private static DoctorId DoctorId(int n) => new(string.Create(CultureInfo.InvariantCulture, $"D{n}"));

    private static TokenSource Draw(Random random)
    {
        var roll = random.NextDouble();
        foreach (var (source, share) in Mix)
        {
            if (roll < share)
            {
                return source;
            }

            roll -= share;
        }

        return TokenSource.WalkIn;
    }
}
