using Microsoft.AspNetCore.Http;

namespace OpdTokens.Samples.Api.Problems;

/// <summary>Registers problem details for every error the host produces, including those the framework raises
/// (unknown routes, unreadable bodies), so each carries a <c>code</c>.</summary>
internal static class ProblemSetup
{
    public static IServiceCollection AddApiProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(options =>
            options.CustomizeProblemDetails = context =>
            {
                var problem = context.ProblemDetails;
                var status = problem.Status ?? context.HttpContext.Response.StatusCode;
                if (problem.Extensions.TryAdd(ApiProblem.CodeMember, ProblemCodes.ForStatus(status)))
                {
                    // A framework-raised problem: say what happened without exposing internals.
                    problem.Detail ??= status switch
                    {
                        StatusCodes.Status404NotFound => "No resource lives at this address.",
                        StatusCodes.Status413PayloadTooLarge => "Request bodies are limited to 16 KB.",
                        StatusCodes.Status400BadRequest => "The request could not be read.",
                        _ => problem.Title,
                    };
                    if (status == StatusCodes.Status400BadRequest)
                    {
                        problem.Extensions.TryAdd(
                            ApiProblem.ErrorsMember,
                            new Dictionary<string, string[]> { ["body"] = ["The request could not be read."] }
                        );
                    }
                }
            }
        );
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }
}
