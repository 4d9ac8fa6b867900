using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpdTokens.Samples.Api.Problems;
using OpdTokens.Samples.Api.Security;

namespace OpdTokens.Samples.Api.Board;

/// <summary>Authenticates a waiting-room screen by its board-link cookie: an HttpOnly cookie holding the link's secret,
/// set by <c>POST /board/session</c>. The principal has the display role and the link's doctors as claims, so it
/// passes only the board policy, and only for those doctors.</summary>
internal sealed class BoardLinkAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    BoardLinkStore links
) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "BoardLink";
    public const string CookieName = "opd-board";
    public const string LinkClaim = "opd:board-link";
    public const string DoctorClaim = "opd:board-doctor";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Cookies.TryGetValue(CookieName, out var secret) || string.IsNullOrEmpty(secret))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (links.Find(secret) is not { } link)
        {
            return Task.FromResult(AuthenticateResult.Fail("The board link is not valid or was revoked."));
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, "board:" + link.Id),
            new(ClaimTypes.Role, ApiRoles.Display),
            new(LinkClaim, link.Id),
        };
        claims.AddRange(link.DoctorIds.Select(d => new Claim(DoctorClaim, d)));
        var identity = new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        return Task.FromResult(
            AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName))
        );
    }

    // The board policy challenges the API-key scheme too: whichever answers first writes the one problem.
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Response.HasStarted)
        {
            return;
        }

        await ApiProblem
            .Create(
                StatusCodes.Status401Unauthorized,
                ProblemCodes.Unauthorized,
                "Authentication is required.",
                "Open the board through a valid board link, or send an API key."
            )
            .ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        if (Response.HasStarted)
        {
            return;
        }

        await ApiProblem
            .Create(
                StatusCodes.Status403Forbidden,
                ProblemCodes.Forbidden,
                "The request is not allowed.",
                "This board link may not show this."
            )
            .ExecuteAsync(Context);
    }
}

/// <summary>Reads a board-link principal.</summary>
internal static class BoardCaller
{
    /// <summary>The link's id when the caller is a board link, else <see langword="null"/>.</summary>
    public static string? BoardLinkId(this ClaimsPrincipal user) =>
        user.FindFirst(BoardLinkAuthenticationHandler.LinkClaim)?.Value;

    /// <summary>Whether the caller may see a doctor's board: any API key with the right role, or a board link that
    /// names the doctor.</summary>
    public static bool MayShow(this ClaimsPrincipal user, string doctorId) =>
        user.BoardLinkId() is null
        || user.FindAll(BoardLinkAuthenticationHandler.DoctorClaim).Any(c => c.Value == doctorId);
}
