using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpdTokens.Samples.Api.Problems;

namespace OpdTokens.Samples.Api.Security;

/// <summary>Authenticates requests by the <c>X-Api-Key</c> header; answers 401 <c>unauthorized</c> and 403
/// <c>forbidden</c> as problem details.</summary>
/// <remarks>The key itself is never logged or echoed: failures say only that the key is not valid.</remarks>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyRegistry registry
) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeyDefaults.HeaderName, out var values) || values.Count == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (values.Count != 1 || values[0] is not { } presented || registry.Find(presented) is not { } key)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, key.Name), new Claim(ClaimTypes.Role, key.Role)],
            Scheme.Name,
            ClaimTypes.Name,
            ClaimTypes.Role
        );
        return Task.FromResult(
            AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name))
        );
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = $"{ApiKeyDefaults.Scheme} header=\"{ApiKeyDefaults.HeaderName}\"";
        await ApiProblem
            .Create(
                StatusCodes.Status401Unauthorized,
                ProblemCodes.Unauthorized,
                "Authentication is required.",
                $"Send a valid API key in the {ApiKeyDefaults.HeaderName} header."
            )
            .ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await ApiProblem
            .Create(
                StatusCodes.Status403Forbidden,
                ProblemCodes.Forbidden,
                "The request is not allowed.",
                "This API key's role may not do this."
            )
            .ExecuteAsync(Context);
}
