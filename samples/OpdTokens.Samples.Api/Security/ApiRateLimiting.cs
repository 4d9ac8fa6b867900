using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using OpdTokens.Samples.Api.Board;
using OpdTokens.Samples.Api.Problems;

namespace OpdTokens.Samples.Api.Security;

/// <summary>Per-key fixed-window rate limiting with the built-in limiter; rejections are 429 <c>rate_limited</c>
/// with <c>Retry-After</c>.</summary>
/// <remarks>A waiting-room screen's board-link cookie has a limit per link, so screens behind one hospital address
/// (a NAT) do not share that address's limit. Other requests without a valid key, a cookie of no link among them, share
/// one limit per client address, so guessing keys and secrets is limited too.</remarks>
internal static class ApiRateLimiting
{
    private const string KeyPartition = "key:";
    private const string BoardLinkPartition = "board-link:";
    private const string AddressPartition = "address:";

    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddSingleton(provider => new Lazy<ApiKeyRegistry>(provider.GetRequiredService<ApiKeyRegistry>));
        services.AddSingleton(provider => new Lazy<BoardLinkStore>(provider.GetRequiredService<BoardLinkStore>));
        services
            .AddOptions<RateLimiterOptions>()
            .Configure<IOptions<SecurityOptions>, Lazy<ApiKeyRegistry>, Lazy<BoardLinkStore>>(
                (limiter, security, registry, boards) =>
                {
                    limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                    limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    {
                        var settings = security.Value.RateLimit;
                        var (partition, permits) = PartitionOf(context, registry.Value, boards.Value, settings);
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
                        OnRejectedAsync(
                            rejected,
                            PartitionOf(
                                rejected.HttpContext,
                                registry.Value,
                                boards.Value,
                                security.Value.RateLimit
                            ).Partition,
                            security.Value.RateLimit.WindowSeconds
                        );
                }
            );
        return services;
    }

    /// <summary>The limiter partition of a request and its permits per window: the key's name and its own or the
    /// default limit; else the board link its cookie names, with the board-link limit; else the client address with the
    /// anonymous limit.</summary>
    /// <remarks>The limiter runs before authorization, which is where the board-link cookie is authenticated, so the
    /// cookie is looked up here (a hash and a dictionary read); a revoked link's cookie counts as anonymous.</remarks>
    private static (string Partition, int Permits) PartitionOf(
        HttpContext context,
        ApiKeyRegistry registry,
        BoardLinkStore boards,
        RateLimitOptions settings
    ) =>
        context.User.Identity?.IsAuthenticated == true && context.User.FindFirstValue(ClaimTypes.Name) is { } name
            ? (KeyPartition + name, registry.PermitLimitOf(name) ?? settings.PermitLimit)
        : boards.FindByCookie(context.Request) is { } link
            ? (BoardLinkPartition + link.Id, settings.BoardLinkPermitLimit)
        : (AddressPartition + context.Connection.RemoteIpAddress, settings.AnonymousPermitLimit);

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, string partition, int windowSeconds)
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
                string.Create(CultureInfo.InvariantCulture, $"{LimitOf(partition)} is used up; retry in {seconds} s.")
            )
            .ExecuteAsync(rejected.HttpContext);
    }

    private static string LimitOf(string partition) =>
        partition.StartsWith(KeyPartition, StringComparison.Ordinal) ? "This API key's request limit"
        : partition.StartsWith(BoardLinkPartition, StringComparison.Ordinal) ? "This board link's request limit"
        : "This address's limit for requests without a valid key";
}
