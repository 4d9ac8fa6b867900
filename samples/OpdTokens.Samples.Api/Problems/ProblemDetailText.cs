using System.Globalization;
using OpdTokens.Allocation;
using OpdTokens.Samples.Api.Json;

namespace OpdTokens.Samples.Api.Problems;

/// <summary>The <c>detail</c> of a problem made from an <see cref="AllocationError"/>, in the contract's words: enum
/// values as their wire names (<c>checked_in</c>), never as C# names (<c>CheckedIn</c>).</summary>
/// <remarks>The library's messages are written for .NET callers and may name C# enum values; the errors that can
/// carry one (<see cref="AllocationErrorCode.InvalidTransition"/>) also carry the statuses as data, which is what
/// the detail is built from here.</remarks>
internal static class ProblemDetailText
{
    public static string Of(AllocationError error) =>
        error switch
        {
            { Code: AllocationErrorCode.InvalidTransition, CurrentStatus: { } from, RequestedStatus: { } to } =>
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"The token is {WireNames.Of(from)}; it cannot move to {WireNames.Of(to)}."
                ),
            { Code: AllocationErrorCode.InvalidTransition, CurrentStatus: { } status } => string.Create(
                CultureInfo.InvariantCulture,
                $"The token is {WireNames.Of(status)}; only {WireNames.Of(TokenStatus.Allocated)} or "
                    + $"{WireNames.Of(TokenStatus.CheckedIn)} tokens can be moved."
            ),
            // Library messages never contain personal data, so they are safe as the detail.
            _ => error.Message,
        };
}
