namespace OpdTokens.Allocation;

/// <summary>What the alternatives search remembers of a doctor-day neither the cache nor the store held: when it looked,
/// so it asks again only once a cell was added to the cache or the finding is too old (see
/// <see cref="DoctorDayCache.IsStillMissing"/>).</summary>
/// <param name="CellsAdded">The cache's <see cref="DoctorDayCache.CellsAdded"/> before the search asked the store.</param>
/// <param name="Timestamp">The cache's <see cref="DoctorDayCache.Timestamp"/> then.</param>
internal sealed record MissingDay(long CellsAdded, long Timestamp);
