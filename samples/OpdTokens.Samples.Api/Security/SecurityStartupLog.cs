using Microsoft.Extensions.Options;

namespace OpdTokens.Samples.Api.Security;

/// <summary>Says at start-up which roles have keys, and loudly when the published demo keys are active. Never
/// logs a key.</summary>
internal sealed partial class SecurityStartupLog(
    IOptions<SecurityOptions> options,
    IHostEnvironment environment,
    ILogger<SecurityStartupLog> logger
) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var (keys, demo) = options.Value.ActiveKeys(environment);
        var roles = string.Join(", ", keys.Select(k => ApiRoles.Normalize(k.Role)));
        LogKeys(logger, keys.Count, roles);
        if (demo && keys.Count > 0)
        {
            LogDemoKeys(logger, environment.EnvironmentName, roles);
        }
        else if (options.Value.DemoApiKeys.Count > 0)
        {
            LogDemoKeysIgnored(logger, environment.EnvironmentName);
        }

        if (!keys.Any(k => ApiRoles.Normalize(k.Role) == ApiRoles.Admin))
        {
            LogNoAdmin(logger, environment.EnvironmentName);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "API keys configured: {Count} ({Roles}).")]
    private static partial void LogKeys(ILogger logger, int count, string roles);

    [LoggerMessage(
        EventId = 2,
        Level = LogLevel.Warning,
        Message = "{Environment}: the DEMO API keys from appsettings.Development.json are active ({Roles}). They are "
            + "published with the source code; never use them outside Development."
    )]
    private static partial void LogDemoKeys(ILogger logger, string environment, string roles);

    [LoggerMessage(
        EventId = 4,
        Level = LogLevel.Information,
        Message = "{Environment}: the DEMO API keys are not used, because API keys are configured (or the environment "
            + "is not Development)."
    )]
    private static partial void LogDemoKeysIgnored(ILogger logger, string environment);

    [LoggerMessage(
        EventId = 3,
        Level = LogLevel.Warning,
        Message = "{Environment}: no admin API key is configured; outside Development the host would refuse to start."
    )]
    private static partial void LogNoAdmin(ILogger logger, string environment);
}
