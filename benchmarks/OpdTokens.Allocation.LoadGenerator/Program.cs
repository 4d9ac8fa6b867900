using System.Globalization;
using OpdTokens.Allocation.LoadGenerator;

// eng/load-test.sh runs this once per case; see LoadOptions for the arguments.
if (!LoadOptions.TryParse(args, out var options, out var problem))
{
    Console.Error.WriteLine($"load-generator: {problem}");
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

if (options.WarmUpSeconds > 0)
{
    await ClosedLoop.RunAsync(options, TimeSpan.FromSeconds(options.WarmUpSeconds), cancel.Token);
}

var result = await ClosedLoop.RunAsync(options, TimeSpan.FromSeconds(options.Seconds), cancel.Token);
Console.WriteLine(result.ToResultLine(options.Label));
Console.Error.WriteLine(
    string.Create(
        CultureInfo.InvariantCulture,
        $"load-generator: {options.Label}: {result.Requests} requests in {result.Elapsed.TotalSeconds:F1} s by {options.Clients} clients; "
            + $"in flight by Little's law {result.MeanMilliseconds * result.PerSecond / 1000:F1} of {options.Clients}"
    )
);
return 0;
