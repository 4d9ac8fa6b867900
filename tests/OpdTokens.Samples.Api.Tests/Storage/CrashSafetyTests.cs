using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using OpdTokens.Allocation.Sqlite;
using OpdTokens.Allocation.Testing;
using Xunit.Abstractions;

namespace OpdTokens.Samples.Api.Tests.Storage;

/// <summary>The sample on SQLite killed with SIGKILL in the middle of a burst of bookings from several clients, then
/// started again on the same file.</summary>
public sealed class CrashSafetyTests(ITestOutputHelper output) : IDisposable
{
    private const int Clients = 8;
    private const int AcknowledgedBeforeKill = 60;

    /// <summary>Exit code of a process ended by signal 9 on Linux (128 + 9).</summary>
    private const int KilledBySigkill = 137;

    private static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(20);

    private static readonly Dictionary<string, string> NoSettings = [];

    private readonly DirectoryInfo _contentRoot = Directory.CreateTempSubdirectory("opdtokens-crash-");

    [Fact]
    public async Task Every_token_acknowledged_before_a_SIGKILL_is_there_after_a_restart_and_the_file_keeps_every_invariant()
    {
        var day = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(1);
        var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var acknowledged = new ConcurrentDictionary<string, Booking>(StringComparer.Ordinal);
        var unanswered = new ConcurrentBag<string>();
        var unexpected = new ConcurrentQueue<string>();
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string[] doctors;

        // No connection string: the file is opdtokens.db in the content root.
        await using (var first = await SampleProcess.StartAsync(_contentRoot.FullName, NoSettings, "--store", "sqlite"))
        {
            using (var setup = first.Client())
            {
                doctors =
                [
                    await setup.CreateDoctorAsync(),
                    await setup.CreateDoctorAsync(),
                    await setup.CreateDoctorAsync(),
                ];
                foreach (var doctor in doctors)
                {
                    for (var hour = 9; hour < 13; hour++)
                    {
                        await setup.CreateSlotAsync(doctor, $"{hour:00}:00", $"{hour + 1:00}:00", 4, date);
                    }
                }
            }

            // Walk-ins without a preferred slot never bump each other and nothing here cancels, so a token's status
            // changes only by this test's own check-ins: the acknowledged status is the one to find after the crash.
            async Task BookAsync(int client, CancellationToken stop)
            {
                using var api = first.Client();
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    var patient = $"Patient {client}-{n}";
                    Booking booking;
                    try
                    {
                        using var response = await api.SendAsync(
                            HttpMethod.Post,
                            "/api/v1/tokens",
                            new
                            {
                                doctorId = doctors[(client + n) % doctors.Length],
                                date,
                                patientName = patient,
                                source = "walk_in",
                            }
                        );
                        var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                        if (response.StatusCode != HttpStatusCode.Created)
                        {
                            unexpected.Enqueue($"POST /tokens: {(int)response.StatusCode} {body}");
                            return;
                        }

                        var token = JsonNode.Parse(body)!["token"]!;
                        booking = new Booking(patient, (string)token["id"]!, (string)token["tokenNumber"]!)
                        {
                            Status = (string)token["status"]!,
                        };
                    }
                    catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                    {
                        // Sent but never answered: stored or not, either is correct.
                        unanswered.Add(patient);
                        return;
                    }

                    acknowledged[booking.Id] = booking;
                    if (acknowledged.Count >= AcknowledgedBeforeKill)
                    {
                        enough.TrySetResult();
                    }

                    if (n % 3 == 0 && booking.Status == "allocated")
                    {
                        booking.Pending = "checked_in";
                        try
                        {
                            using var response = await api.SendAsync(
                                HttpMethod.Patch,
                                $"/api/v1/tokens/{booking.Id}/status",
                                new { status = "checked_in" }
                            );
                            if (response.StatusCode != HttpStatusCode.OK)
                            {
                                unexpected.Enqueue(
                                    $"PATCH status: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(CancellationToken.None)}"
                                );
                                return;
                            }

                            booking.Status = "checked_in";
                            booking.Pending = null;
                        }
                        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                        {
                            return;
                        }
                    }
                }
            }

            using var stop = new CancellationTokenSource();
            var clients = Enumerable.Range(0, Clients).Select(c => Task.Run(() => BookAsync(c, stop.Token))).ToArray();
            var loaded = await Task.WhenAny(enough.Task, Task.Delay(LoadTimeout)) == enough.Task;

            // Killed while the clients keep sending: requests are in flight at every moment.
            var exitCode = await first.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(
                loaded,
                $"Only {acknowledged.Count} of {AcknowledgedBeforeKill} bookings were acknowledged within "
                    + $"{LoadTimeout.TotalSeconds} s. Unexpected answers: {string.Join("; ", unexpected)}"
                    + $"{Environment.NewLine}Sample output:{Environment.NewLine}{first.Output}"
            );
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(KilledBySigkill, exitCode);
            }
        }

        Assert.True(unexpected.IsEmpty, "Unexpected answers before the kill: " + string.Join("; ", unexpected));
        output.WriteLine(
            $"{acknowledged.Count} tokens acknowledged, {acknowledged.Values.Count(b => b.Status == "checked_in")} "
                + $"check-ins acknowledged, {unanswered.Count} requests unanswered at the kill."
        );

        await using (
            var second = await SampleProcess.StartAsync(_contentRoot.FullName, NoSettings, "--store", "sqlite")
        )
        {
            using var api = second.Client();
            foreach (var booking in acknowledged.Values)
            {
                var token = (await api.GetAsync($"/api/v1/tokens/{booking.Id}"))!;
                Assert.Equal(booking.Number, (string)token["tokenNumber"]!);
                Assert.Equal(booking.Patient, (string)token["patientName"]!);
                var status = (string)token["status"]!;
                Assert.True(
                    status == booking.Status || status == booking.Pending,
                    $"Token {booking.Id} was acknowledged as {booking.Status}"
                        + (booking.Pending is null ? "" : $" (then {booking.Pending} unanswered)")
                        + $" but is {status} after the restart."
                );
            }

            var known = acknowledged.Values.Select(b => b.Patient).Concat(unanswered).ToHashSet(StringComparer.Ordinal);
            var numbers = new HashSet<string>(StringComparer.Ordinal);
            foreach (var doctor in doctors)
            {
                foreach (var token in (await api.GetAsync($"/api/v1/tokens?doctorId={doctor}&date={date}"))!.AsArray())
                {
                    var patient = (string)token!["patientName"]!;
                    Assert.True(known.Contains(patient), $"{token["id"]} for {patient} was never requested.");
                    numbers.Add((string)token["tokenNumber"]!);
                }
            }

            Assert.InRange(numbers.Count, acknowledged.Count, acknowledged.Count + unanswered.Count);

            // The restarted host goes on numbering where the file left off.
            var next = (
                await api.PostAsync(
                    "/api/v1/tokens",
                    new
                    {
                        doctorId = doctors[0],
                        date,
                        patientName = "After the restart",
                        source = "walk_in",
                    },
                    HttpStatusCode.Created
                )
            )!["token"]!;
            Assert.DoesNotContain((string)next["tokenNumber"]!, numbers);
        }

        using var store = new SqliteStateStore($"Data Source={Path.Combine(_contentRoot.FullName, "opdtokens.db")}");
        var partitions = await store.ListPartitionsAsync(day, CancellationToken.None);
        Assert.Equal(doctors.Length, partitions.Length);
        foreach (var partition in partitions)
        {
            var stored = await store.LoadPartitionAsync(partition, CancellationToken.None);
            Assert.NotNull(stored);
            DoctorDayAssert.KeepsInvariants(stored, emergencyOverflowPerSlot: 1, TimeProvider.System.GetUtcNow());
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _contentRoot.Delete(recursive: true);
    }

    /// <summary>A token whose creation was acknowledged with 201, and its status as last acknowledged.</summary>
    private sealed class Booking(string patient, string id, string number)
    {
        public string Patient => patient;

        public string Id => id;

        public string Number => number;

        public required string Status { get; set; }

        /// <summary>A status move that was sent but never answered.</summary>
        public string? Pending { get; set; }
    }
}
