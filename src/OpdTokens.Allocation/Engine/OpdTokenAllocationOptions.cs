using System.Numerics;
using OpdTokens.Allocation.Policies;

namespace OpdTokens.Allocation;

/// <summary>Settings of the allocation engine and its shipped policies; bound from configuration section
/// <see cref="DefaultSectionName"/> by convention.</summary>
/// <remarks>
/// <para>Every setting is validated at start-up (all errors at once, each naming the setting). The engine copies the
/// values when it is created; later changes have no effect.</para>
/// </remarks>
public sealed class OpdTokenAllocationOptions
{
    /// <summary>The configuration section the samples bind: <c>OpdTokens</c>.</summary>
    public const string DefaultSectionName = "OpdTokens";

    /// <summary>Gets or sets how many lock stripes guard the doctor-days: a power of two, 1 to 4096. One stripe
    /// serialises every writer (the global-lock baseline).</summary>
    /// <value>The default value is the smallest power of two at least 128 x the processor count, at most 4096 (256 on
    /// two cores): enough that the doctor-days busy at one moment rarely share a stripe, because threads that take
    /// the same stripe in turn, even without waiting, pass its memory from core to core.</value>
    public int LockStripes { get; set; } = DefaultLockStripes;

    /// <summary>Gets or sets how many emergencies a full slot may take over its capacity, 0 to 100.</summary>
    /// <value>The default value is 1.</value>
    public int EmergencyOverflowPerSlot { get; set; } = 1;

    /// <summary>Gets or sets how many overflow seats one doctor-day may take in total, 0 to 10000, or
    /// <see langword="null"/> for no daily cap; past it, emergencies bump or wait as in the rules.</summary>
    /// <value>The default value is <see langword="null"/> (unlimited).</value>
    public int? EmergencyOverflowPerDay { get; set; }

    /// <summary>Gets or sets how many times one token may be bumped, 0 to 100; a token bumped this often is no longer
    /// chosen for a bump.</summary>
    /// <value>The default value is 2.</value>
    public int MaxBumpsPerToken { get; set; } = 2;

    /// <summary>Gets or sets how many times a command is re-run after a version conflict with another writer,
    /// 0 to 100, before it reports <c>Conflict</c>.</summary>
    /// <value>The default value is 3.</value>
    public int MaxConflictRetries { get; set; } = 3;

    /// <summary>Gets or sets the shipped policy to use when the host registers none: <c>tiered</c> or
    /// <c>weighted</c>.</summary>
    /// <value>The default value is <c>tiered</c>.</value>
    public string PriorityPolicy { get; set; } = PriorityPolicyNames.Tiered;

    /// <summary>Gets or sets the prefix of token numbers: 1 to 8 ASCII upper-case letters or digits.</summary>
    /// <value>The default value is <c>DOC</c>.</value>
    public string TokenNumberPrefix { get; set; } = TokenNumberFormatter.DefaultPrefix;

    /// <summary>Gets or sets the hospital's time zone id (such as <c>Asia/Kolkata</c>); slot times and "today" are in
    /// it.</summary>
    /// <value>The default value is <see langword="null"/>: the <see cref="TimeProvider"/>'s local time zone.</value>
    public string? TimeZoneId { get; set; }

    /// <summary>Gets or sets how many following days of the same doctor are searched for alternatives, 0 to 60.</summary>
    /// <value>The default value is 7.</value>
    public int AlternativeDays { get; set; } = 7;

    /// <summary>Gets or sets how many alternatives are offered at most, 0 to 20.</summary>
    /// <value>The default value is 3.</value>
    public int MaxAlternatives { get; set; } = 3;

    /// <summary>Gets or sets how old a cached doctor-day may be before a read or command reloads it from the store;
    /// <see langword="null"/> serves the cached snapshot until this engine changes it.</summary>
    /// <remarks>Leave it <see langword="null"/> when this engine is the only writer of its store. When several
    /// instances share a database, commands are always safe (a stale snapshot is refused at commit and re-run, and a
    /// refusal decided on a cached snapshot is confirmed against the store), but
    /// reads may lag another instance's writes by up to this age; <see cref="TimeSpan.Zero"/> reads through to the
    /// store every time. The doctor registry is cached under the same age.</remarks>
    /// <value>The default value is <see langword="null"/>.</value>
    public TimeSpan? SnapshotMaxAge { get; set; }

    /// <summary>Gets or sets how many days ahead tokens and slots may be booked, 1 to 3650; a request for a later
    /// date is refused as a validation error on <c>date</c>.</summary>
    /// <value>The default value is 180.</value>
    public int BookingHorizonDays { get; set; } = 180;

    /// <summary>Gets or sets how long one store operation may take before the command fails with a
    /// <see cref="StateStoreException"/> (an HTTP host answers 503), 100 ms to 10 minutes, or
    /// <see langword="null"/> to wait as long as the store does.</summary>
    /// <remarks>A commit that timed out may still have been stored: the caller does not know, and retries with the
    /// same idempotency key to be safe. Stores stop their work when the deadline passes. The built-in
    /// <see cref="Storage.InMemoryStateStore"/> never waits and has no deadline.</remarks>
    /// <value>The default value is 5 seconds.</value>
    public TimeSpan? StoreTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how many doctor-days the engine keeps cached at most, 16 to 10,000,000; past it, the least
    /// recently used leave the cache (they reload from the store when used again).</summary>
    /// <value>The default value is 10,000 (a hospital group's days for about two weeks).</value>
    public int MaxCachedDoctorDays { get; set; } = 10_000;

    /// <summary>Gets or sets the numbers of the tiered policy.</summary>
    /// <value>The default value has the numbers of the design.</value>
    public TieredPriorityOptions Tiered { get; set; } = new();

    /// <summary>Gets or sets the numbers of the weighted policy.</summary>
    /// <value>The default value has the numbers of the design.</value>
    public WeightedPriorityOptions Weighted { get; set; } = new();

    internal static int DefaultLockStripes =>
        (int)Math.Min(4096, BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, 128 * Environment.ProcessorCount)));
}
