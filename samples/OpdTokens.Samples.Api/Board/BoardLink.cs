namespace OpdTokens.Samples.Api.Board;

/// <summary>A display-only board link an administrator issued for a waiting-room screen: the doctors it may show and
/// the SHA-256 hash of its secret (the secret itself is never stored).</summary>
/// <param name="Id">The link's public id, for listing and revoking.</param>
/// <param name="Name">A name for people, such as <c>ward-3-tv</c>.</param>
/// <param name="DoctorIds">The doctors the board may show.</param>
/// <param name="SecretHash">The SHA-256 hash of the secret, Base64.</param>
/// <param name="CreatedAt">When it was issued.</param>
/// <param name="RevokedAt">When it was revoked, if it was.</param>
internal sealed record BoardLink(
    string Id,
    string Name,
    IReadOnlyList<string> DoctorIds,
    string SecretHash,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt
)
{
    public bool IsRevoked => RevokedAt is not null;
}
