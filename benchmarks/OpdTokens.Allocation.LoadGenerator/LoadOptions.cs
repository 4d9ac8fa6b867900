using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace OpdTokens.Allocation.LoadGenerator;

/// <summary>What one run drives: where, with which key, how many clients, for how long, over which doctors.</summary>
internal sealed record LoadOptions(
    Uri Url,
    string Key,
    string Date,
    int Clients,
    int Seconds,
    int WarmUpSeconds,
    int FirstDoctor,
    int Doctors,
    string Label
)
{
    public const string Usage =
        "usage: --url http://127.0.0.1:PORT --key API_KEY --date yyyy-MM-dd --clients N --seconds S "
        + "[--warmup S] [--first-doctor N] [--doctors N] [--label TEXT]\n"
        + "Each request books a token for a doctor drawn at random from L<first>..L<first+doctors-1>. Loopback addresses only.";

    public static bool TryParse(
        string[] args,
        [NotNullWhen(true)] out LoadOptions? options,
        [NotNullWhen(false)] out string? problem
    )
    {
        options = null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                problem = $"expected --name value pairs, found '{args[i]}'";
                return false;
            }

            values[args[i][2..]] = args[i + 1];
        }

        if (!values.TryGetValue("url", out var url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            problem = "--url must be an absolute http address";
            return false;
        }

        // A load generator aimed at someone else's server is an attack: only this machine is a target.
        if (!uri.IsLoopback && !(IPAddress.TryParse(uri.Host, out var address) && IPAddress.IsLoopback(address)))
        {
            problem = $"{uri.Host} is not a loopback address";
            return false;
        }

        if (
            !values.TryGetValue("key", out var key)
            || !values.TryGetValue("date", out var date)
            || !DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
        )
        {
            problem = "--key and --date (yyyy-MM-dd) are required";
            return false;
        }

        if (
            !Number(values, "clients", 0, 1, 1024, out var clients, out problem)
            || !Number(values, "seconds", 0, 1, 600, out var seconds, out problem)
            || !Number(values, "warmup", 0, 0, 600, out var warmUp, out problem)
            || !Number(values, "first-doctor", 1, 1, 1_000_000, out var first, out problem)
            || !Number(values, "doctors", 1, 1, 100_000, out var doctors, out problem)
        )
        {
            return false;
        }

        options = new LoadOptions(
            uri,
            key,
            date,
            clients,
            seconds,
            warmUp,
            first,
            doctors,
            values.GetValueOrDefault("label", "-")
        );
        return true;
    }

    /// <summary>Reads a whole number in range; a missing one takes <paramref name="fallback"/> unless it is 0 (then
    /// it is required).</summary>
    private static bool Number(
        Dictionary<string, string> values,
        string name,
        int fallback,
        int min,
        int max,
        out int value,
        [NotNullWhen(false)] out string? problem
    )
    {
        problem = null;
        if (!values.TryGetValue(name, out var text))
        {
            value = fallback;
            if (fallback == 0 && min > 0)
            {
                problem = $"--{name} is required";
                return false;
            }

            return true;
        }

        if (
            !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value)
            || value < min
            || value > max
        )
        {
            problem = $"--{name} must be a whole number from {min} to {max}";
            return false;
        }

        return true;
    }
}
