using System.Text.Json.Serialization;
using OpdTokens.Allocation.Serialization;

namespace OpdTokens.Allocation;

/// <summary>What a doctor-day remembers of an allocation request that carried an idempotency key.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="Key">The idempotency key, 1 to 64 printable characters.</param>
/// <param name="RequestFingerprint">A hash of the request's fields; a repeat with a different fingerprint is refused.</param>
/// <param name="TokenId">The token the request created.</param>
/// <param name="Outcome">The outcome of the original request.</param>
/// <param name="BumpedTokenId">The token the original request bumped, if any.</param>
[JsonConverter(typeof(IdempotencyRecordJsonConverter))]
public sealed record IdempotencyRecord(
    string Key,
    string RequestFingerprint,
    TokenId TokenId,
    AllocationOutcome Outcome,
    TokenId? BumpedTokenId = null
);
