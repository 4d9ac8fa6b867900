using System.Collections.Immutable;

namespace OpdTokens.Allocation;

/// <summary>The result of a slot command (<see cref="AddSlot"/>, <see cref="CloseSlot"/>, <see cref="ResizeSlot"/>).</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="Slot">The slot as it is now.</param>
/// <param name="Occupancy">The slot's occupancy now.</param>
/// <param name="MovedTokens">Tokens the command moved or promoted, in their new place: for a closed slot the tokens
/// that left it (to a later slot or the waitlist), otherwise the tokens promoted from the waitlist.</param>
public sealed record SlotChangeResult(Slot Slot, int Occupancy, ImmutableArray<Token> MovedTokens);
