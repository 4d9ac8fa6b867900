namespace OpdTokens.Allocation;

/// <summary>The result of a <see cref="ChangeTokenStatus"/> command.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="Token">The token in its new status.</param>
/// <param name="PromotedToken">The waitlisted token promoted into the freed seat (cancel and no-show), if any.</param>
public sealed record StatusChangeResult(Token Token, Token? PromotedToken);
