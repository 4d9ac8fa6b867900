namespace OpdTokens.Allocation;

/// <summary>A new token found no seat and waits for one.</summary>
/// <param name="Stamp">Where and when.</param>
/// <param name="TokenId">The token.</param>
/// <param name="Source">The request's source.</param>
public sealed record TokenWaitlisted(EventStamp Stamp, TokenId TokenId, TokenSource Source) : AllocationEvent(Stamp);
