using System.Diagnostics;
using System.Globalization;
using OpdTokens.Allocation.Testing;
using Xunit.Abstractions;

namespace OpdTokens.Allocation.Sqlite.Tests;

/// <summary>A process allocating on a SQLite file is killed with SIGKILL under load: every change it acknowledged is in
/// the file when it is opened again, and the file keeps every invariant.</summary>
public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    private const int AcknowledgementsBeforeKill = 400;

    [Fact]
    public async Task Every_acknowledged_commit_survives_a_SIGKILL_under_load()
    {
        var folder = new TemporaryFolder();
        try
        {
            var database = folder.File("crash.db");
            // Within the booking horizon of the host's real clock.
            var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30);
            var lines = await RunAndKillAsync(database, day);

            // The last acknowledged status of each token, and the status a change in flight may have committed.
            var acknowledged = new Dictionary<TokenId, (string Number, TokenStatus Status)>();
            var inFlight = new Dictionary<TokenId, TokenStatus>();
            foreach (var line in lines)
            {
                var parts = line.Split(' ');
                Assert.True(TokenId.TryParse(parts[1], out var id), line);
                if (parts[0] == "DO")
                {
                    inFlight[id] = Enum.Parse<TokenStatus>(parts[2]);
                }
                else
                {
                    acknowledged[id] = (parts[2], Enum.Parse<TokenStatus>(parts[3]));
                    inFlight.Remove(id);
                }
            }

            using var store = new SqliteStateStore(folder.DatabaseConnectionString("crash.db"));
            using var engine = new AllocationEngine(new OpdTokenAllocationOptions { TimeZoneId = "UTC" }, store);
            var days = (await engine.GetDoctorDaysAsync(day)).ToDictionary(d => d.Key);
            output.WriteLine(
                $"{lines.Count} lines read, {acknowledged.Count} tokens acknowledged, {inFlight.Count} changes in "
                    + $"flight, {days.Values.Sum(d => d.Tokens.Count)} tokens stored"
            );
            Assert.True(acknowledged.Count >= AcknowledgementsBeforeKill / 2);
            foreach (var (id, (number, status)) in acknowledged)
            {
                var stored = days[id.Partition].FindToken(id);
                Assert.NotNull(stored);
                Assert.Equal(number, stored.Number);
                if (stored.Status != status)
                {
                    Assert.Equal(inFlight.GetValueOrDefault(id, status), stored.Status);
                }
            }

            foreach (var stored in days.Values)
            {
                DoctorDayAssert.KeepsInvariants(stored, 1, new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue)));
                // A token the process created but never acknowledged was at most the one in flight per worker.
                Assert.True(stored.Tokens.Count(t => !acknowledged.ContainsKey(t.Id)) <= 1);
            }
        }
        finally
        {
            folder.Delete();
        }
    }

    /// <summary>Runs the crash host until it has acknowledged enough commits, kills it, and returns every DO and ACK
    /// line it wrote before it died.</summary>
    private static async Task<List<string>> RunAndKillAsync(string database, DateOnly day)
    {
        var host = Path.Combine(AppContext.BaseDirectory, "OpdTokens.Allocation.Sqlite.CrashHost.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { host, database, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
        };
        using var process =
            Process.Start(start) ?? throw new InvalidOperationException("The crash host did not start.");
        var errors = process.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        var acknowledgements = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            while (acknowledgements < AcknowledgementsBeforeKill)
            {
                var line =
                    await process.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw new InvalidOperationException("The crash host ended early: " + await errors);
                if (line.StartsWith("ACK ", StringComparison.Ordinal))
                {
                    acknowledgements++;
                }

                if (line != "READY")
                {
                    lines.Add(line);
                }
            }

            // SIGKILL: no finaliser, no flush, no disposal runs in the host.
            process.Kill();
            // Lines written before the kill are still in the pipe: they were acknowledged too.
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } rest)
            {
                lines.Add(rest);
            }

            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }

        Assert.Equal(137, process.ExitCode);
        return lines;
    }
}
