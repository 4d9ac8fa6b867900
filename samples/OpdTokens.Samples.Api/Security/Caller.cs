using System.Security.Claims;

namespace OpdTokens.Samples.Api.Security;

/// <summary>Reads who is calling from the authenticated principal.</summary>
internal static class Caller
{
    /// <summary>The caller's role, recorded as the actor of every command for the audit trail.</summary>
    public static string Role(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Role) ?? "anonymous";

    /// <summary>Whether the caller is a waiting-room display, which sees initials only.</summary>
    public static bool IsDisplay(this ClaimsPrincipal user) => user.Role() == ApiRoles.Display;
}
