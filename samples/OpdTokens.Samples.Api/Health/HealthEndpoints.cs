using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpdTokens.Samples.Api.Contracts;
using OpdTokens.Samples.Api.Problems;

namespace OpdTokens.Samples.Api.Health;

/// <summary>Liveness (<c>/health</c>: the process serves requests) and readiness (<c>/health/ready</c>: it can also
/// reach its state store), with ASP.NET Core health checks. Neither needs a key or counts against a rate limit.</summary>
/// <remarks>Point a restart policy at liveness and a load balancer at readiness: a database outage then takes the
/// instances out of rotation without restarting them, and they return once the database answers.</remarks>
internal static class HealthEndpoints
{
    public const string LivenessPath = "/health";
    public const string ReadinessPath = "/health/ready";

    /// <summary>The tag of the checks readiness runs.</summary>
    public const string ReadyTag = "ready";

    public static IServiceCollection AddApiHealth(this IServiceCollection services)
    {
        services
            .AddOptions<HealthOptions>()
            .BindConfiguration(HealthOptions.SectionName)
            .Validate(o => o.StoreTimeoutSeconds is >= 1 and <= 30, "Health:StoreTimeoutSeconds must be 1 to 30.")
            .ValidateOnStart();
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: [ReadyTag]);
        return services;
    }

    public static WebApplication MapApiHealth(this WebApplication app)
    {
        app.MapGet(LivenessPath, () => TypedResults.Ok(new HealthResponse("healthy")))
            .WithTags("Health")
            .WithName("getLiveness")
            .WithSummary("Liveness: the process serves requests.")
            .WithDescription(
                "Always healthy while the process can answer; it touches nothing else. Point a restart policy here."
            )
            .AllowAnonymous()
            .DisableRateLimiting();
        // A route handler rather than MapHealthChecks, so the probe is in the OpenAPI document with its answers.
        app.MapGet(ReadinessPath, ReadyAsync)
            .WithTags("Health")
            .WithName("getReadiness")
            .WithSummary("Readiness: the process can reach its state store.")
            .WithDescription(
                "Reads the doctor registry from the state store within Health:StoreTimeoutSeconds (default 2 s); 503 store_unavailable when the store does not answer in time. Point a load balancer here."
            )
            .Produces<ReadinessResponse>()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .AllowAnonymous()
            .DisableRateLimiting();
        return app;
    }

    private static async Task<IResult> ReadyAsync(
        HealthCheckService health,
        HttpContext context,
        CancellationToken cancellationToken
    )
    {
        var report = await health.CheckHealthAsync(check => check.Tags.Contains(ReadyTag), cancellationToken);
        var checks = report.Entries.ToDictionary(
            e => e.Key,
            e => e.Value.Status == HealthStatus.Healthy ? "healthy" : "unhealthy",
            StringComparer.Ordinal
        );
        if (report.Status == HealthStatus.Healthy)
        {
            return TypedResults.Ok(new ReadinessResponse("healthy", checks));
        }

        context.Response.Headers.RetryAfter = ApiExceptionHandler.StoreRetryAfterSeconds.ToString(
            CultureInfo.InvariantCulture
        );
        return ApiProblem.Create(
            StatusCodes.Status503ServiceUnavailable,
            ProblemCodes.StoreUnavailable,
            "The service is not ready.",
            string.Join(" ", report.Entries.Values.Select(e => e.Description)),
            [new("checks", checks)]
        );
    }
}
