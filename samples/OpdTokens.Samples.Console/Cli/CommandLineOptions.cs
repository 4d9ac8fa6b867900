using OpdTokens.Samples.Console.Simulation;

namespace OpdTokens.Samples.Console.Cli;

/// <summary>What the command line asked for.</summary>
/// <param name="Settings">The scenario to run.</param>
/// <param name="Json">Whether to print JSON instead of the text report.</param>
/// <param name="Help">Whether to print the usage and stop.</param>
public sealed record CommandLineOptions(ScenarioSettings Settings, bool Json, bool Help)
{
    /// <summary>The workload to replay (W1, W2, W3 or all) instead of simulating the day, or null.</summary>
    public string? Replay { get; init; }

    /// <summary>Gets whether to measure the wait-time estimates over several seeds (<c>--estimates</c>).</summary>
    public bool Estimates { get; init; }

    /// <summary>Gets the file to write the HTML report of the day to (<c>--html FILE</c>), if any.</summary>
    public string? HtmlPath { get; init; }
}
