using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace OpdTokens.Allocation.PostgreSql.Tests;

/// <summary>A throw-away PostgreSQL cluster in a temporary folder, listening on 127.0.0.1 on a free port, run as an
/// unprivileged user; the same steps as eng/postgres.sh.</summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly string _bin;
    private readonly string _root;
    private readonly string? _runAs;
    private readonly int _port;

    private PostgresCluster(string bin, string root, string? runAs, int port)
    {
        _bin = bin;
        _root = root;
        _runAs = runAs;
        _port = port;
        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "postgres",
            Database = "postgres",
        }.ConnectionString;
    }

    /// <summary>Gets the connection string of the cluster's superuser.</summary>
    public string ConnectionString { get; }

    private string DataDirectory => Path.Combine(_root, "data");

    /// <summary>Creates and starts a cluster.</summary>
    /// <exception cref="InvalidOperationException">PostgreSQL is not installed or does not start; the message says
    /// why and what to do.</exception>
    public static async Task<PostgresCluster> StartAsync()
    {
        var bin =
            FindBinDirectory()
            ?? await InstallAsync()
            ?? throw new InvalidOperationException(
                "The PostgreSQL tests need a server: initdb and pg_ctl were found neither on PATH nor under "
                    + "/usr/lib/postgresql/*/bin. Install PostgreSQL (Debian: apt-get install postgresql), or run "
                    + "the tests through eng/postgres.sh, or set OPDTOKENS_POSTGRES to a connection string."
            );
        var root = Directory.CreateTempSubdirectory("opdtokens-pg-").FullName;
        var runAs = Environment.UserName == "root" ? "postgres" : null;
        var cluster = new PostgresCluster(bin, root, runAs, FreePort());
        try
        {
            if (runAs is not null)
            {
                // initdb refuses to run as root, so the cluster belongs to the postgres user.
                await RunAsync("chown", [runAs, root], null, "give the cluster folder to the postgres user");
            }

            await cluster.RunToolAsync(
                "initdb",
                ["-D", cluster.DataDirectory, "--auth=trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "-N"],
                "create the cluster"
            );
            await cluster.StartAgainAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server again after <see cref="StopAsync"/>, on the same port.</summary>
    public Task StartAgainAsync()
    {
        // Test clusters trade durability for speed: nothing here must survive a power cut.
        var options = string.Create(
            CultureInfo.InvariantCulture,
            $"-c listen_addresses=127.0.0.1 -p {_port} -k {_root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        );
        return RunToolAsync(
            "pg_ctl",
            ["-D", DataDirectory, "-o", options, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "start"],
            "start the server"
        );
    }

    /// <summary>Stops the server: by default the way an operator's fast shutdown does (open sessions are ended).</summary>
    /// <param name="immediate">Stops every server process at once (a crash, recovered at the next start), so no
    /// transaction waiting on another commits while the server goes down; a fast stop rolls back the others
    /// first, which can let a waiting commit through.</param>
    public Task StopAsync(bool immediate = false) =>
        RunToolAsync(
            "pg_ctl",
            ["-D", DataDirectory, "-m", immediate ? "immediate" : "fast", "-w", "-t", "60", "stop"],
            "stop the server"
        );

    /// <summary>Freezes the server as a hung machine would: SIGSTOP to the postmaster and every server process, so
    /// connections stay open and new ones are accepted by the kernel, but nothing answers.</summary>
    public Task FreezeAsync() => SignalAsync("-STOP");

    /// <summary>Lets a frozen server run again (SIGCONT).</summary>
    public Task ThawAsync() => SignalAsync("-CONT");

    private Task SignalAsync(string signal)
    {
        var postmaster = int.Parse(
            File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).First(),
            CultureInfo.InvariantCulture
        );
        var processes = new List<string> { postmaster.ToString(CultureInfo.InvariantCulture) };
        foreach (
            var stat in Directory
                .EnumerateDirectories("/proc")
                .Where(d => Path.GetFileName(d).All(char.IsAsciiDigit))
                .Select(d => Path.Combine(d, "stat"))
        )
        {
            try
            {
                // "pid (name) state ppid ...": the parent is the second field after the closing parenthesis.
                var text = File.ReadAllText(stat);
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[1] == processes[0])
                {
                    processes.Add(Path.GetFileName(Path.GetDirectoryName(stat))!);
                }
            }
            catch (IOException)
            {
                // The process ended, or the entry is not a process.
            }
            catch (UnauthorizedAccessException) { }
        }

        return RunAsync("kill", [signal, .. processes], null, "signal the server processes");
    }

    /// <summary>Stops the server if it runs and removes the cluster.</summary>
    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            await RunToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], "stop the server");
        }

        Directory.Delete(_root, recursive: true);
    }

    /// <summary>On a fresh machine, installs PostgreSQL the way CI does (eng/postgres.sh --install: Debian's package,
    /// as root or through sudo), so the README's plain test command needs nothing installed by hand.</summary>
    private static async Task<string?> InstallAsync()
    {
        var script = FindRepositoryFile(Path.Combine("eng", "postgres.sh"));
        if (script is null || !File.Exists("/usr/bin/apt-get"))
        {
            return null;
        }

        try
        {
            // A package download may take a while on a slow mirror.
            await RunAsync(
                "bash",
                [script, "--install"],
                null,
                "install PostgreSQL with eng/postgres.sh --install",
                TimeSpan.FromMinutes(5)
            );
        }
        catch (InvalidOperationException)
        {
            return null;
        }

        return FindBinDirectory();
    }

    private static string? FindRepositoryFile(string relativePath)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string? FindBinDirectory()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(
                Directory.Exists("/usr/lib/postgresql")
                    ? Directory
                        .GetDirectories("/usr/lib/postgresql")
                        .OrderByDescending(d => d, StringComparer.Ordinal)
                        .Select(d => Path.Combine(d, "bin"))
                    : []
            );
        return candidates.FirstOrDefault(d =>
            File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl"))
        );
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task RunToolAsync(string tool, string[] arguments, string purpose)
    {
        var path = Path.Combine(_bin, tool);
        return _runAs is null
            ? RunAsync(path, arguments, _root, purpose)
            : RunAsync("runuser", ["-u", _runAs, "--", path, .. arguments], _root, purpose);
    }

    private static async Task RunAsync(
        string file,
        string[] arguments,
        string? workingDirectory,
        string purpose,
        TimeSpan? limit = null
    )
    {
        var allowed = limit ?? CommandTimeout;
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process =
            Process.Start(start) ?? throw new InvalidOperationException($"Could not run {file} to {purpose}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(allowed);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} did not {purpose} within {allowed}.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"Could not {purpose}: {file} exited with {process.ExitCode}.{Environment.NewLine}"
                    + await output
                    + await error
            );
        }
    }
}
