using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OpdTokens.Samples.Api.BrowserTests;

/// <summary>The API sample as a real Kestrel process in the Production environment, on a loopback port of its own that
/// stays the same across restarts, with a key per role, a SQLite store and a board-links file in a temporary folder,
/// and a time zone in which it is about midday, so today's slots are open whenever the tests run.</summary>
public sealed class BoardHost : IAsyncDisposable
{
    public const string AdminKey = "browser-admin-key-00000001";
    public const string DeskKey = "browser-desk-key-000000002";
    public const string ClinicianKey = "browser-clinician-key-0003";

    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);

    private readonly string _folder = Directory.CreateTempSubdirectory("opd-board-").FullName;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    private BoardHost()
    {
        Port = FreePort();
        var hours = 12 - DateTime.UtcNow.Hour;
        Offset = TimeSpan.FromHours(hours);
        // Etc/GMT-5 is UTC+05:00: the sign is the POSIX one.
        TimeZoneId =
            hours == 0 ? "Etc/UTC"
            : hours > 0 ? $"Etc/GMT-{hours}"
            : $"Etc/GMT+{-hours}";
        Address = new Uri($"http://127.0.0.1:{Port}");
    }

    public int Port { get; }

    public Uri Address { get; }

    public TimeSpan Offset { get; }

    public string TimeZoneId { get; }

    /// <summary>Today in the host's time zone.</summary>
    public DateOnly Today => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(Offset).DateTime);

    public string Output => string.Join(Environment.NewLine, _output);

    public static async Task<BoardHost> StartAsync()
    {
        var host = new BoardHost();
        try
        {
            await host.StartProcessAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the process (no shutdown code runs) and starts it again on the same port and files.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartProcessAsync();
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public HttpClient Client(string? apiKey)
    {
        var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(20) };
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return http;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException) { }
    }

    private async Task StartProcessAsync()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "OpdTokens.Samples.Api.dll");
        Assert.True(File.Exists(dll), $"The sample is not built next to the tests: {dll} is missing.");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _folder,
        };
        foreach (
            var argument in (string[])
                [dll, "--urls", Address.ToString().TrimEnd('/'), "--contentRoot", _folder, "--store", "sqlite"]
        )
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var inherited in start.Environment.Keys.ToList())
        {
            if (
                inherited.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                || inherited.Equals("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase)
                || inherited.Contains("__", StringComparison.Ordinal)
            )
            {
                start.Environment.Remove(inherited);
            }
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        string[] roles = ["admin", "desk", "clinician"];
        string[] keys = [AdminKey, DeskKey, ClinicianKey];
        for (var i = 0; i < keys.Length; i++)
        {
            start.Environment[$"Security__ApiKeys__{i}__Key"] = keys[i];
            start.Environment[$"Security__ApiKeys__{i}__Role"] = roles[i];
        }

        start.Environment["Security__RateLimit__PermitLimit"] = "1000000";
        start.Environment["Demo__Seed"] = "false";
        start.Environment["OpdTokens__TimeZoneId"] = TimeZoneId;
        start.Environment["Board__LinksFile"] = "board-links.json";
        start.Environment["Board__RefreshSeconds"] = "5";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        void Heard(string? line)
        {
            if (line is null)
            {
                return;
            }

            _output.Enqueue(line);
            if (line.Contains("Application started", StringComparison.Ordinal))
            {
                started.TrySetResult();
            }
        }

        process.OutputDataReceived += (_, e) => Heard(e.Data);
        process.ErrorDataReceived += (_, e) => Heard(e.Data);
        process.Exited += (_, _) => started.TrySetException(new InvalidOperationException("The sample exited."));
        _process = process;
        Assert.True(process.Start(), "The sample process did not start.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await started.Task.WaitAsync(StartupTimeout);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            throw new InvalidOperationException($"The sample did not start: {e.Message}\n{Output}", e);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
