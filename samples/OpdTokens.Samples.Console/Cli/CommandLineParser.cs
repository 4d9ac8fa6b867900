using System.Globalization;
using OpdTokens.Allocation.Policies;
using OpdTokens.Samples.Console.Replay;
using OpdTokens.Samples.Console.Simulation;

namespace OpdTokens.Samples.Console.Cli;

/// <summary>Parses the console's options: <c>--doctors N</c>, <c>--seed N</c>, <c>--policy tiered|weighted</c>,
/// <c>--json</c>, <c>--help</c>; values may also follow an equals sign (<c>--seed=7</c>).</summary>
public static class CommandLineParser
{
    public const string Usage = """
        Simulates a whole OPD day on OpdTokens.Allocation and checks the design's invariants.

        Usage: dotnet run --project samples/OpdTokens.Samples.Console -- [options]

        Options:
          --doctors N                 doctors, 1 to 100 (default 3); each has 8 hourly slots of 20 seats
          --seed N                    random seed, any whole number (default 20261123); the same seed gives the same day
          --policy tiered|weighted    priority policy (default tiered)
          --json                      print the report as JSON instead of text
          --replay W1|W2|W3|all       instead of the day, replay a timed workload of the engine's benchmarks in this
                                      fresh process: the first run (cold) and the median of five after five more (warm)
          --estimates                 also measure the wait-time estimates (slot formula vs learned) over 5 seeds
          --html FILE                 also write the day as one self-contained HTML report to FILE
          --help, -h                  print this help

        Exit codes: 0 every invariant holds, 1 an invariant is broken or a command failed unexpectedly,
        2 the options are not valid.
        """;

    /// <summary>Parses the arguments.</summary>
    /// <param name="args">The command line arguments.</param>
    /// <param name="options">The options, when the arguments are valid.</param>
    /// <param name="error">What is wrong, when they are not.</param>
    /// <returns><see langword="true"/> when the arguments are valid.</returns>
    public static bool TryParse(IReadOnlyList<string> args, out CommandLineOptions options, out string error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var settings = new ScenarioSettings();
        var json = false;
        var help = false;
        string? replay = null;
        var extras = new CommandLineOptions(settings, false, false);
        options = new CommandLineOptions(settings, false, false);
        error = "";
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var equals = arg.StartsWith("--", StringComparison.Ordinal)
                ? arg.IndexOf('=', StringComparison.Ordinal)
                : -1;
            var name = equals > 0 ? arg[..equals] : arg;
            string? inline = equals > 0 ? arg[(equals + 1)..] : null;
            switch (name)
            {
                case "--help" or "-h" or "-?":
                    help = true;
                    break;
                case "--json":
                    if (inline is not null)
                    {
                        error = "Option '--json' takes no value.";
                        return false;
                    }

                    json = true;
                    break;
                case "--replay":
                    if (!TryValue(args, ref i, name, inline, out var workload, out error))
                    {
                        return false;
                    }

                    if (!ReplayMode.IsWorkload(workload))
                    {
                        error = $"Option '--replay' must be W1, W2, W3 or all, not '{workload}'.";
                        return false;
                    }

                    replay = workload;
                    break;
                case "--estimates" or "--html":
                    if (!TryReport(args, ref i, name, inline, ref extras, out error))
                    {
                        return false;
                    }

                    break;
                case "--doctors":
                    if (!TryValue(args, ref i, name, inline, out var doctorsText, out error))
                    {
                        return false;
                    }

                    if (
                        !int.TryParse(doctorsText, NumberStyles.None, CultureInfo.InvariantCulture, out var doctors)
                        || doctors is < 1 or > ScenarioSettings.MaxDoctors
                    )
                    {
                        error =
                            $"Option '--doctors' must be a whole number from 1 to {ScenarioSettings.MaxDoctors}, not '{doctorsText}'.";
                        return false;
                    }

                    settings = settings with { Doctors = doctors };
                    break;
                case "--seed":
                    if (!TryValue(args, ref i, name, inline, out var seedText, out error))
                    {
                        return false;
                    }

                    if (
                        !int.TryParse(
                            seedText,
                            NumberStyles.AllowLeadingSign,
                            CultureInfo.InvariantCulture,
                            out var seed
                        )
                    )
                    {
                        error =
                            $"Option '--seed' must be a whole number from {int.MinValue} to {int.MaxValue}, not '{seedText}'.";
                        return false;
                    }

                    settings = settings with { Seed = seed };
                    break;
                case "--policy":
                    if (!TryValue(args, ref i, name, inline, out var policy, out error))
                    {
                        return false;
                    }

                    if (policy is not (PriorityPolicyNames.Tiered or PriorityPolicyNames.Weighted))
                    {
                        error =
                            $"Option '--policy' must be '{PriorityPolicyNames.Tiered}' or '{PriorityPolicyNames.Weighted}', not '{policy}'.";
                        return false;
                    }

                    settings = settings with { Policy = policy };
                    break;
                default:
                    error = arg.StartsWith('-')
                        ? $"Unknown option '{name}'."
                        : $"Unexpected argument '{arg}'; options start with '--'.";
                    return false;
            }
        }

        options = extras with { Settings = settings, Json = json, Help = help, Replay = replay };
        return true;
    }

    /// <summary>The report options: <c>--estimates</c> and <c>--html FILE</c>.</summary>
    private static bool TryReport(
        IReadOnlyList<string> args,
        ref int index,
        string name,
        string? inline,
        ref CommandLineOptions extras,
        out string error
    )
    {
        error = "";
        if (name == "--estimates")
        {
            if (inline is not null)
            {
                error = "Option '--estimates' takes no value.";
                return false;
            }

            extras = extras with { Estimates = true };
            return true;
        }

        if (!TryValue(args, ref index, name, inline, out var path, out error))
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(path))
        {
            error = "Option '--html' needs a file name.";
            return false;
        }

        extras = extras with { HtmlPath = path };
        return true;
    }

    private static bool TryValue(
        IReadOnlyList<string> args,
        ref int index,
        string name,
        string? inline,
        out string value,
        out string error
    )
    {
        error = "";
        if (inline is not null)
        {
            value = inline;
            return true;
        }

        if (index + 1 >= args.Count || args[index + 1].StartsWith("--", StringComparison.Ordinal))
        {
            value = "";
            error = $"Option '{name}' needs a value.";
            return false;
        }

        value = args[++index];
        return true;
    }
}
