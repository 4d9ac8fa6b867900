namespace OpdTokens.Samples.Api.Contracts;

/// <summary>Answer of closing or resizing a slot: the slot and the tokens that moved.</summary>
internal sealed record SlotChangeResponse(SlotResponse Slot, IReadOnlyList<TokenResponse> MovedTokens);
