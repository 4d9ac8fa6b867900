using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using OpdTokens.Samples.Api.Problems;

namespace OpdTokens.Samples.Api.Security;

/// <summary>Per-key fixed-window rate limiting with the built-in limiter; rejections are 429 <c>rate_limited</c>
/// with <c>Retry-After</c>.</summary>
/// <remarks>Requests without a valid key share one limit per client address, so guessing keys is limited too.</remarks>
internal static class ApiRateLimiting
{
    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddSingleton(provider => new Lazy<ApiKeyRegistry>(provider.GetRequiredService<ApiKeyRegistry>));
        services
            .AddOptions<RateLimiterOptions>()
            .Configure<IOptions<SecurityOptions>, Lazy<ApiKeyRegistry>>(
                (limiter, security, registry) =>
                {
                    limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                    limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    {
                        var settings = security.Value.RateLimit;
                        var (partition, permits) = PartitionOf(context, registry.Value, settings);
                        return RateLimitPartition.GetFixedWindowLimiter(
                            partition,
                            _ => new FixedWindowRateLimiterOptions
                            {
                                PermitLimit = permits,
                                Window = TimeSpan.FromSeconds(settings.WindowSeconds),
                                QueueLimit = 0,
                                AutoReplenishment = true,
                            }
                        );
                    });
                    limiter.OnRejected = (rejected, _) =>
                        OnRejectedAsync(rejected, security.Value.RateLimit.WindowSeconds);
                }
            );
        return services;
    }

    /// <summary>The limiter partition of a request and its permits per window: the key's name and its own or the
    /// default limit, or the client address with the anonymous limit.</summary>
    private static (string Partition, int Permits) PartitionOf(
        HttpContext context,
        ApiKeyRegistry registry,
        RateLimitOptions settings
    ) =>
        context.User.Identity?.IsAuthenticated == true && context.User.FindFirstValue(ClaimTypes.Name) is { } name
            ? ("key:" + name, registry.PermitLimitOf(name) ?? settings.PermitLimit)
            : ("address:" + context.Connection.RemoteIpAddress, settings.AnonymousPermitLimit);

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, int windowSeconds)
    {
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : windowSeconds;
        var response = rejected.HttpContext.Response;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await ApiProblem
            .Create(
                StatusCodes.Status429TooManyRequests,
                ProblemCodes.RateLimited,
                "Too many requests.",
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"This API key's request limit is used up; retry in {seconds} s."
                )
            )
            .ExecuteAsync(rejected.HttpContext);
    }
}
