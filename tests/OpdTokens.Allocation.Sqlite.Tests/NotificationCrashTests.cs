using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using OpdTokens.Allocation.Tests.Receivers;
using Xunit.Abstractions;

namespace OpdTokens.Allocation.Sqlite.Tests;

/// <summary>A process allocating on a SQLite file with the notification dispatcher delivering to a webhook on
/// loopback is killed with SIGKILL ten times at random moments under load: after the restarts, every event in the
/// outbox reached the receiver, nothing was lost, and duplicates carry ids already seen.</summary>
public sealed class NotificationCrashTests(ITestOutputHelper output)
{
    private const int Kills = 10;

    [Fact]
    public async Task Every_committed_event_reaches_the_webhook_across_ten_SIGKILLs()
    {
        var folder = new TemporaryFolder();
        await using var receiver = new WebhookReceiver();
        receiver.Start();
        try
        {
            var database = folder.File("notify.db");
            // Within the booking horizon of the host's real clock.
            var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(31);
            var random = new Random(18);
            var acknowledged = new HashSet<string>();
            var killedWithPending = 0;
            for (var run = 1; run <= Kills; run++)
            {
                var lines = await RunAsync(
                    database,
                    day,
                    receiver,
                    allocations: 400,
                    killAfterAcks: random.Next(20, 160)
                );
                acknowledged.UnionWith(
                    lines.Where(l => l.StartsWith("ACK ", StringComparison.Ordinal)).Select(l => l[4..])
                );
                var pending = Count(folder, "state = 0");
                killedWithPending += pending > 0 ? 1 : 0;
                output.WriteLine(
                    $"run {run}: {acknowledged.Count} tokens acknowledged, {pending} events pending at the kill"
                );
            }

            // A last run only delivers: it is stopped once the outbox holds nothing pending.
            await RunAsync(
                database,
                day,
                receiver,
                allocations: 0,
                killAfterAcks: 0,
                until: () => Count(folder, "state = 0") == 0
            );

            var stored = StoredEvents(folder);
            var received = receiver.Accepted.Select(r => r.Id.ToString()).ToList();
            var distinct = received.ToHashSet();
            output.WriteLine(
                $"{stored.Count} events stored, {received.Count} deliveries, {received.Count - distinct.Count} duplicates, "
                    + $"{killedWithPending} kills with events pending"
            );
            Assert.True(killedWithPending > 0, "No kill fell between a commit and its delivery.");
            var lost = stored.Except(distinct).ToList();
            Assert.True(lost.Count == 0, "Lost: " + string.Join(", ", lost.Take(10)));
            var unknown = distinct.Except(stored).ToList();
            Assert.True(unknown.Count == 0, "Never stored: " + string.Join(", ", unknown.Take(10)));
            Assert.All(receiver.Accepted, r => Assert.Equal(r.Id.ToString(), r.HeaderId));
            // Every acknowledged allocation's token has its event stored, so it was delivered.
            var tokensTold = stored.Count;
            Assert.True(tokensTold >= acknowledged.Count, $"{tokensTold} events for {acknowledged.Count} tokens");
            Assert.Equal(0, receiver.Rejected);
        }
        finally
        {
            folder.Delete();
        }
    }

    private static int Count(TemporaryFolder folder, string where)
    {
        using var connection = new SqliteConnection(folder.DatabaseConnectionString("notify.db"));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM opd_outbox WHERE " + where;
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>The ids of the stored events that notify (the allocations: slot events notify nobody).</summary>
    private static HashSet<string> StoredEvents(TemporaryFolder folder)
    {
        using var connection = new SqliteConnection(folder.DatabaseConnectionString("notify.db"));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT doctor_id, date, version, sequence FROM opd_outbox WHERE kind = 'token_allocated'";
        using var reader = command.ExecuteReader();
        var ids = new HashSet<string>();
        while (reader.Read())
        {
            var partition = new PartitionKey(
                new DoctorId(reader.GetString(0)),
                DateOnly.Parse(reader.GetString(1), CultureInfo.InvariantCulture)
            );
            ids.Add(new AllocationEventId(partition, reader.GetInt64(2), reader.GetInt32(3)).ToString());
        }

        return ids;
    }

    /// <summary>Runs the crash host in notify mode and kills it after some acknowledgements, or once
    /// <paramref name="until"/> holds.</summary>
    private static async Task<List<string>> RunAsync(
        string database,
        DateOnly day,
        WebhookReceiver receiver,
        int allocations,
        int killAfterAcks,
        Func<bool>? until = null
    )
    {
        var host = Path.Combine(AppContext.BaseDirectory, "OpdTokens.Allocation.Sqlite.CrashHost.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                host,
                "notify",
                database,
                day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                receiver.Url.ToString(),
                WebhookReceiver.Secret,
                allocations.ToString(CultureInfo.InvariantCulture),
            },
        };
        using var process =
            Process.Start(start) ?? throw new InvalidOperationException("The crash host did not start.");
        var errors = process.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            var acks = 0;
            while (acks < killAfterAcks || (until is null && acks == 0 && killAfterAcks > 0))
            {
                var line =
                    await process.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw new InvalidOperationException("The crash host ended early: " + await errors);
                lines.Add(line);
                acks += line.StartsWith("ACK ", StringComparison.Ordinal) ? 1 : 0;
            }

            if (until is not null)
            {
                while (!until())
                {
                    await Task.Delay(100, timeout.Token);
                }
            }

            // SIGKILL: no shutdown, no flush; deliveries in flight are cut off.
            process.Kill();
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

        return lines;
    }
}
