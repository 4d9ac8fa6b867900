using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace OpdTokens.Samples.Api.Tests.Storage;

/// <summary>The API sample as a real child process (<c>dotnet OpdTokens.Samples.Api.dll</c>) in the Production
/// environment, on a port the server picks itself, with one admin key and no demo day.</summary>
/// <remarks>The process is always killed on dispose. Its console output is kept for failure messages; the address is
/// read from Kestrel's "Now listening on" line, so no port is guessed and none can be taken in between.</remarks>
public sealed partial class SampleProcess : IAsyncDisposable
{
    public const string AdminKey = "child-process-admin-key-0001";

    /// <summary>A cold start on a busy two-core machine takes a few seconds; this bounds a hung one.</summary>
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(45);

    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(15);

#if DEBUG
    private const string BuildConfiguration = "Debug";
#else
    private const string BuildConfiguration = "Release";
#endif

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Uri? _address;

    private SampleProcess(Process process) => _process = process;

    /// <summary>Gets the address the server listens on.</summary>
    public Uri Address => _address ?? throw new InvalidOperationException("The sample has not started.");

    /// <summary>Gets the process's console output so far, for failure messages.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>Starts the sample and waits until it serves requests.</summary>
    /// <param name="contentRoot">The host's content root (where a relative SQLite file lands).</param>
    /// <param name="settings">More configuration, as environment variables (<c>Section__Key</c>).</param>
    /// <param name="arguments">Command-line arguments, such as <c>--store sqlite</c>.</param>
    public static async Task<SampleProcess> StartAsync(
        string contentRoot,
        IReadOnlyDictionary<string, string> settings,
        params string[] arguments
    )
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "OpdTokens.Samples.Api.dll");
        Assert.True(File.Exists(dll), $"The sample is not built next to the tests: {dll} is missing.");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = contentRoot,
        };
        foreach (var argument in (string[])[dll, "--urls", "http://127.0.0.1:0", "--contentRoot", contentRoot])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        RemoveHostingVariables(start);

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Security__ApiKeys__0__Key"] = AdminKey;
        start.Environment["Security__ApiKeys__0__Role"] = "admin";
        start.Environment["Security__RateLimit__PermitLimit"] = "1000000";
        start.Environment["Security__RateLimit__WindowSeconds"] = "60";
        start.Environment["Demo__Seed"] = "false";
        start.Environment["OpdTokens__TimeZoneId"] = "UTC";
        start.Environment["OpdTokens__EmergencyOverflowPerSlot"] = "1";
        // The audit trail logs every event; only the lifetime lines (the address) and problems are wanted.
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        return await LaunchAsync(start, string.Join(' ', arguments));
    }

    /// <summary>Starts the sample as a developer does, with <c>dotnet run --project</c> (so its launch profile
    /// applies), on a port the server picks, and waits until it serves requests.</summary>
    /// <param name="environment">The process's environment variables besides the inherited ones, which lose every
    /// hosting and configuration variable first (<c>ASPNETCORE_*</c>, <c>DOTNET_ENVIRONMENT</c>, <c>A__B</c>).</param>
    public static async Task<SampleProcess> RunProjectAsync(IReadOnlyDictionary<string, string> environment)
    {
        var project = Path.Combine(RepositoryRoot(), "samples", "OpdTokens.Samples.Api");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = project,
        };
        // The tests were built with the sample, so no build is needed; the configuration is the tests' own.
        foreach (
            var argument in (string[])
                [
                    "run",
                    "--no-build",
                    "-c",
                    BuildConfiguration,
                    "--project",
                    project,
                    "--",
                    "--urls",
                    "http://127.0.0.1:0",
                ]
        )
        {
            start.ArgumentList.Add(argument);
        }

        RemoveHostingVariables(start);
        // The demo day's audit trail would print a line per event: only the lifetime lines and problems are wanted.
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return await LaunchAsync(start, "dotnet run");
    }

    private static async Task<SampleProcess> LaunchAsync(ProcessStartInfo start, string label)
    {
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var sample = new SampleProcess(process);
        process.OutputDataReceived += (_, line) => sample.Heard(line.Data);
        process.ErrorDataReceived += (_, line) => sample.Heard(line.Data);
        process.Exited += (_, _) =>
        {
            var exited = new InvalidOperationException("The sample exited before it served requests.");
            sample._listening.TrySetException(exited);
            sample._started.TrySetException(exited);
        };
        try
        {
            Assert.True(process.Start(), "The sample process did not start.");
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var timeout = new CancellationTokenSource(StartupTimeout);
            sample._address = await sample._listening.Task.WaitAsync(timeout.Token);
            await sample._started.Task.WaitAsync(timeout.Token);
            return sample;
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
        {
            await sample.DisposeAsync();
            throw new InvalidOperationException(
                $"The sample ({label}) did not start within {StartupTimeout.TotalSeconds} s: "
                    + $"{e.Message}{Environment.NewLine}Its output:{Environment.NewLine}{sample.Output}",
                e
            );
        }
        catch
        {
            await sample.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits (at most 15 s) until the process has printed <paramref name="text"/>, and returns its output so
    /// far either way: lines printed after start-up, such as the hosting environment, may arrive after it.</summary>
    public async Task<string> OutputContainingAsync(string text)
    {
        for (var waited = 0; waited < 150 && !Output.Contains(text, StringComparison.Ordinal); waited++)
        {
            await Task.Delay(100);
        }

        return Output;
    }

    /// <summary>A client that sends the admin key.</summary>
    public ApiClient Client()
    {
        var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(20) };
        http.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        return new ApiClient(http);
    }

    /// <summary>Kills the process with <c>Process.Kill</c> (SIGKILL on Linux: no shutdown code runs) and returns its
    /// exit code once it is gone.</summary>
    public async Task<int> KillAsync()
    {
        _process.Kill();
        using var timeout = new CancellationTokenSource(ExitTimeout);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            // Also lets the last lines of its output arrive.
            using var timeout = new CancellationTokenSource(ExitTimeout);
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
            // Never started: nothing to kill.
        }
        finally
        {
            _process.Dispose();
        }
    }

    /// <summary>Whatever the test run's environment says about hosting must not reach the child.</summary>
    private static void RemoveHostingVariables(ProcessStartInfo start)
    {
        foreach (var inherited in start.Environment.Keys.ToList())
        {
            if (
                inherited.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                || inherited.Equals("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase)
                || inherited.StartsWith("OPDTOKENS_", StringComparison.OrdinalIgnoreCase)
                || inherited.Contains("__", StringComparison.Ordinal)
            )
            {
                start.Environment.Remove(inherited);
            }
        }
    }

    /// <summary>The repository's root: the folder of the solution file, above the test binaries.</summary>
    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "OpdTokens.Allocation.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No OpdTokens.Allocation.sln above {AppContext.BaseDirectory}.");
    }

    private void Heard(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        if (ListeningLine().Match(line) is { Success: true } listening)
        {
            _listening.TrySetResult(new Uri(listening.Groups["url"].Value));
        }
        else if (line.Contains("Application started.", StringComparison.Ordinal))
        {
            _started.TrySetResult();
        }
    }

    [GeneratedRegex(@"Now listening on: (?<url>http://\S+)")]
    private static partial Regex ListeningLine();
}
