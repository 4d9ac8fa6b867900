using OpdTokens.Allocation;
using OpdTokens.Samples.Api.Problems;
using OpdTokens.Samples.Api.Security;

namespace OpdTokens.Samples.Api.Board;

/// <summary>Board links: administrators issue (<c>POST /api/v1/board-links</c>), list and revoke
/// (<c>DELETE /api/v1/board-links/{id}</c>) them; a screen exchanges the secret for its HttpOnly cookie at
/// <c>POST /board/session</c>.</summary>
internal static class BoardLinkEndpoints
{
    /// <summary>A board link's cookie lives this long; revoking the link ends it sooner.</summary>
    private static readonly TimeSpan CookieLifetime = TimeSpan.FromDays(400);

    public static RouteGroupBuilder MapBoardLinks(this RouteGroupBuilder api)
    {
        var links = api.MapGroup("/board-links").WithTags("Board");
        links
            .MapPost("", Issue)
            .WithName("createBoardLink")
            .WithSummary("Issue a display-only board link.")
            .WithDescription(
                "An admin issues a revocable link for a waiting-room screen, scoped to some doctors. The secret is shown once: in `secret`, and in `connectPath` after `#`."
            )
            .RequireAuthorization(ApiPolicies.ManageSchedule)
            .Produces<BoardLinkResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Describes("404", "not_found: no doctor has one of the ids.");
        links
            .MapGet("", List)
            .WithName("listBoardLinks")
            .WithSummary("List the board links.")
            .WithDescription("Every link issued, a revoked one with its `revokedAt`; never a secret.")
            .RequireAuthorization(ApiPolicies.ManageSchedule)
            .Produces<IReadOnlyList<BoardLinkResponse>>()
            .ReachesNoStore();
        links
            .MapDelete("/{id}", Revoke)
            .WithName("revokeBoardLink")
            .WithSummary("Revoke a board link.")
            .WithDescription("The link stops working at once, and its screens' open streams end.")
            .RequireAuthorization(ApiPolicies.ManageSchedule)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Describes("404", "not_found: no board link has this id.")
            .WritesLinksFileOnly();
        return api;
    }

    public static WebApplication MapBoardSession(this WebApplication app)
    {
        app.MapPost("/board/session", OpenSession)
            .WithName("openBoardSession")
            .WithSummary("Swap a board link's secret for a session cookie.")
            .WithDescription(
                "The board page posts the secret from its link; the answer sets an HttpOnly cookie that reads only the link's doctors' boards."
            )
            .WithTags("Board")
            .AllowAnonymous()
            .Produces<BoardSessionResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .Describes("401", "unauthorized: the secret names no board link, or its link was revoked.")
            .RateLimitedOutsideApi();
        return app;
    }

    private static async Task<IResult> Issue(
        CreateBoardLinkRequest request,
        BoardLinkStore store,
        IAllocationEngine engine,
        Microsoft.Extensions.Options.IOptions<BoardOptions> options,
        CancellationToken cancellationToken
    )
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 60 || name.Any(char.IsControl))
        {
            errors["name"] = ["Give the link a name of 1 to 60 printable characters, such as ward-3-tv."];
        }

        var doctors = (request.DoctorIds ?? []).Select(d => d?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList();
        if (doctors.Count == 0 || doctors.Count > options.Value.MaxDoctors || doctors.Any(d => !DoctorId.IsValid(d)))
        {
            errors["doctorIds"] = [$"Name 1 to {options.Value.MaxDoctors} doctor ids."];
        }

        if (errors.Count > 0)
        {
            return ApiProblem.Validation(errors);
        }

        foreach (var doctor in doctors)
        {
            if (await engine.GetDoctorAsync(new DoctorId(doctor), cancellationToken) is null)
            {
                return ApiProblem.NotFound($"No doctor has the id {doctor}.");
            }
        }

        var (link, secret) = store.Issue(name!, doctors);
        var response = Present(link) with { Secret = secret, ConnectPath = "/board/connect#" + secret };
        return TypedResults.Created($"/api/v1/board-links/{link.Id}", response);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.Ok<List<BoardLinkResponse>> List(BoardLinkStore store) =>
        TypedResults.Ok(store.List().Select(Present).ToList());

    private static IResult Revoke(string id, BoardLinkStore store) =>
        store.Revoke(id) is null ? ApiProblem.NotFound("No board link has this id.") : TypedResults.NoContent();

    private static IResult OpenSession(BoardSessionRequest request, BoardLinkStore store, HttpContext httpContext)
    {
        if (store.Find(request.Secret) is not { } link)
        {
            return ApiProblem.Create(
                StatusCodes.Status401Unauthorized,
                ProblemCodes.Unauthorized,
                "The board link is not valid.",
                "This board link is not valid or was revoked; ask an administrator for a new one."
            );
        }

        httpContext.Response.Cookies.Append(
            BoardLinkAuthenticationHandler.CookieName,
            request.Secret!,
            new CookieOptions
            {
                HttpOnly = true,
                Secure = httpContext.Request.IsHttps,
                SameSite = SameSiteMode.Strict,
                Path = "/",
                MaxAge = CookieLifetime,
                IsEssential = true,
            }
        );
        return TypedResults.Ok(
            new BoardSessionResponse(
                link.DoctorIds,
                "/board/" + string.Join(",", link.DoctorIds.Select(Uri.EscapeDataString))
            )
        );
    }

    private static BoardLinkResponse Present(BoardLink link) =>
        new(link.Id, link.Name, link.DoctorIds, link.CreatedAt, link.RevokedAt, null, null);
}
