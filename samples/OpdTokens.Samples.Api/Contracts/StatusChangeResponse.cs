namespace OpdTokens.Samples.Api.Contracts;

/// <summary>Answer of cancel and no-show: the token and the waitlisted token promoted into its seat.</summary>
internal sealed record StatusChangeResponse(TokenResponse Token, TokenResponse? PromotedToken);
