namespace OpdTokens.Samples.Api.Contracts;

/// <summary>Answer of a delay report: the tokens moved to later slots and the doctor's total delay.</summary>
internal sealed record DelayResponse(IReadOnlyList<TokenResponse> MovedTokens, int DelayMinutes);
