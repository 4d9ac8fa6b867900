namespace OpdTokens.Samples.Api.Hosting;

/// <summary>The environment <c>dotnet run</c> uses when nobody chose one: <c>launchSettings.json</c> sets
/// <see cref="Variable"/> rather than <c>ASPNETCORE_ENVIRONMENT</c>, because a launch profile's variables replace the
/// caller's, and <c>ASPNETCORE_ENVIRONMENT=Production dotnet run</c> must run in Production.</summary>
internal static class LaunchEnvironment
{
    /// <summary>The environment to use when neither <c>ASPNETCORE_ENVIRONMENT</c>, <c>DOTNET_ENVIRONMENT</c> nor
    /// <c>--environment</c> names one.</summary>
    public const string Variable = "OPDTOKENS_LAUNCH_ENVIRONMENT";

    /// <summary>The command line, with <c>--environment</c> added from <see cref="Variable"/> when no environment was
    /// chosen explicitly.</summary>
    public static string[] Apply(string[] args)
    {
        var fallback = Environment.GetEnvironmentVariable(Variable);
        if (
            string.IsNullOrWhiteSpace(fallback)
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT"))
            || args.Any(NamesEnvironment)
        )
        {
            return args;
        }

        return [.. args, "--environment", fallback.Trim()];
    }

    /// <summary>Whether a command-line argument sets the environment (<c>--environment X</c>, <c>--environment=X</c>,
    /// <c>/environment X</c>, <c>environment=X</c>).</summary>
    private static bool NamesEnvironment(string argument)
    {
        var name = argument.TrimStart('-', '/');
        return name.StartsWith("environment", StringComparison.OrdinalIgnoreCase)
            && (name.Length == "environment".Length || name["environment".Length] == '=');
    }
}
