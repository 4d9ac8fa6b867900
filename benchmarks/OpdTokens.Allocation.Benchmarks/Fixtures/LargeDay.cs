using System.Globalization;

namespace OpdTokens.Allocation.Benchmarks.Fixtures;

/// <summary>A large hospital day: 100 doctors x 8 slots x 50 seats, 40,000 allocation requests of every source
/// (round-robin over the doctors, preferred slots drawn from a fixed seed) and a cancellation of an earlier token
/// after every 10th request (4,000 in all).</summary>
/// <remarks>The requests are built once; <see cref="RunAsync"/> sends them to a new engine, so a run costs only the
/// engine's work.</remarks>
public sealed class LargeDay
{
    public const int Doctors = 100;
    public const int Slots = 8;
    public const int Capacity = 50;
    public const int Allocations = Doctors * Slots * Capacity;
    public const int Cancellations = Allocations / 10;

    private static readonly (TokenSource Source, double Share)[] Mix =
    [
        (TokenSource.Online, 0.40),
        (TokenSource.WalkIn, 0.33),
        (TokenSource.FollowUp, 0.14),
        (TokenSource.Paid, 0.11),
        (TokenSource.Emergency, 0.02),
    ];

    private readonly RegisterDoctor[] _doctors;
    private readonly AddSlot[] _slots;

    /// <summary>Allocation requests, each followed (every 10th) by a cancellation.</summary>
    private readonly (AllocateToken Request, ChangeTokenStatus? Cancellation)[] _steps;

    public LargeDay(int seed = 20261123)
    {
        var random = new Random(seed);
        var day = EngineFixture.Day;
        _doctors =
        [
            .. Enumerable
                .Range(1, Doctors)
                .Select(d => new RegisterDoctor(
                    string.Create(CultureInfo.InvariantCulture, $"Dr. Large {d}"),
                    d % 2 == 0 ? "General Medicine" : "Paediatrics"
                )
                {
                    Id = DoctorId(d),
                }),
        ];
        _slots =
        [
            .. Enumerable
                .Range(1, Doctors)
                .SelectMany(d =>
                    Enumerable
                        .Range(0, Slots)
                        .Select(s => new AddSlot(
                            DoctorId(d),
                            day,
                            new TimeOnly(8 + s, 0),
                            new TimeOnly(9 + s, 0),
                            Capacity
                        ))
                ),
        ];

        var issued = new int[Doctors];
        var cancelled = new HashSet<TokenId>();
        _steps = new (AllocateToken, ChangeTokenStatus?)[Allocations];
        for (var i = 0; i < Allocations; i++)
        {
            var d = i % Doctors;
            var source = Draw(random);
            var partition = new PartitionKey(DoctorId(d + 1), day);
            var request = new AllocateToken(
                DoctorId(d + 1),
                new Patient(
                    string.Create(CultureInfo.InvariantCulture, $"Patient {i}"),
                    random.NextDouble() < 0.7
                        ? string.Create(CultureInfo.InvariantCulture, $"+91 9{random.Next(10000000, 100000000)} 1")
                        : null
                ),
                source
            )
            {
                Date = day,
                // Walk-ins and emergencies take the first slot with room; bookings name a slot.
                PreferredSlotId = source is TokenSource.WalkIn or TokenSource.Emergency
                    ? null
                    : new SlotId(partition, 1 + random.Next(Slots)),
            };

            // Every token gets the next sequence number of its doctor-day, so ids are known in advance.
            issued[d]++;
            ChangeTokenStatus? cancellation = null;
            if (i % 10 == 9)
            {
                TokenId victim;
                do
                {
                    victim = new TokenId(partition, 1 + random.Next(issued[d]));
                } while (!cancelled.Add(victim));

                cancellation = new ChangeTokenStatus(victim, TokenStatus.Cancelled) { Reason = "Patient cancelled." };
            }

            _steps[i] = (request, cancellation);
        }
    }

    /// <summary>Registers the doctors and slots on an engine without any, then sends every request and
    /// cancellation.</summary>
    /// <returns>How many commands failed (0 when the engine did what it should).</returns>
    public async Task<int> RunAsync(IAllocationEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var failures = 0;
        foreach (var doctor in _doctors)
        {
            failures += (await engine.RegisterDoctorAsync(doctor)).IsSuccess ? 0 : 1;
        }

        foreach (var slot in _slots)
        {
            failures += (await engine.AddSlotAsync(slot)).IsSuccess ? 0 : 1;
        }

        foreach (var (request, cancellation) in _steps)
        {
            failures += (await engine.AllocateAsync(request)).IsSuccess ? 0 : 1;
            if (cancellation is not null)
            {
                failures += (await engine.ChangeStatusAsync(cancellation)).IsSuccess ? 0 : 1;
            }
        }

        return failures;
    }

    /// <summary>A new engine on a new clock, as the benchmarks use.</summary>
    public static AllocationEngine NewEngine() =>
        new(new OpdTokenAllocationOptions(), timeProvider: EngineFixture.NewClock());

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
