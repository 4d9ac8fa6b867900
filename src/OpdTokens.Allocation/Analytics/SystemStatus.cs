using System.Collections.Immutable;

namespace OpdTokens.Allocation;

/// <summary>Figures of the whole system, over every stored doctor-day.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="Doctors">Doctors in the registry.</param>
/// <param name="ActiveDoctors">Doctors taking tokens.</param>
/// <param name="DoctorDays">Stored doctor-days.</param>
/// <param name="Slots">Slots, closed ones included.</param>
/// <param name="Tokens">Tokens, any status.</param>
/// <param name="Waitlisted">Tokens on a waitlist.</param>
/// <param name="ByStatus">Tokens by status; every status is present.</param>
public sealed record SystemStatus(
    int Doctors,
    int ActiveDoctors,
    int DoctorDays,
    int Slots,
    int Tokens,
    int Waitlisted,
    ImmutableSortedDictionary<TokenStatus, int> ByStatus
);
