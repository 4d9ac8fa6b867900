using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Npgsql;
using OpdTokens.Allocation.PostgreSql.Tests;
using OpdTokens.Samples.Api.Tests;
using OpdTokens.Samples.Api.Tests.Storage;
using Xunit.Abstractions;

namespace OpdTokens.Samples.Api.FaultTests;

/// <summary>The sample's stores under the faults an operator fears: the SQLite host killed again and again, and the
/// PostgreSQL server stopped in the middle of the day's load.</summary>
public sealed class StoreFaultTests(ITestOutputHelper output) : IDisposable
{
    private const int Clients = 8;
    private static readonly Dictionary<string, string> NoSettings = [];
    private readonly DirectoryInfo _contentRoot = Directory.CreateTempSubdirectory("opdtokens-fault-store-");

    [Fact]
    public async Task Ten_SIGKILLs_of_the_sqlite_host_under_load_lose_nothing_acknowledged()
    {
        const int Kills = 10;
        var date = ConcurrencyFaultTests.Tomorrow();
        var acknowledged = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        string doctor;
        await using (var first = await SampleProcess.StartAsync(_contentRoot.FullName, NoSettings, "--store", "sqlite"))
        {
            using var setup = first.Client();
            doctor = await setup.CreateDoctorAsync();
            for (var hour = 8; hour < 20; hour++)
            {
                await setup.CreateSlotAsync(doctor, $"{hour:00}:00", $"{hour + 1:00}:00", 100, date);
            }
        }

        var unanswered = 0;
        var watch = Stopwatch.StartNew();
        for (var kill = 1; kill <= Kills; kill++)
        {
            await using var sample = await SampleProcess.StartAsync(
                _contentRoot.FullName,
                NoSettings,
                "--store",
                "sqlite"
            );
            using var api = sample.Client();
            foreach (var (id, number) in acknowledged)
            {
                var token = (await api.GetAsync($"/api/v1/tokens/{id}"))!;
                Assert.Equal(number, (string)token["tokenNumber"]!);
            }

            using var stop = new CancellationTokenSource();
            var target = acknowledged.Count + 40;
            var clients = Enumerable
                .Range(0, Clients)
                .Select(c =>
                    Task.Run(async () =>
                    {
                        using var client = sample.Client();
                        for (var n = 0; !stop.IsCancellationRequested; n++)
                        {
                            try
                            {
                                using var response = await client.SendAsync(
                                    HttpMethod.Post,
                                    "/api/v1/tokens",
                                    new
                                    {
                                        doctorId = doctor,
                                        date,
                                        patientName = $"K{kill}-C{c}-{n}",
                                        source = "walk_in",
                                    }
                                );
                                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                                var token = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["token"]!;
                                acknowledged[(string)token["id"]!] = (string)token["tokenNumber"]!;
                            }
                            catch (HttpRequestException)
                            {
                                Interlocked.Increment(ref unanswered);
                                return;
                            }
                        }
                    })
                )
                .ToArray();
            var deadline = Stopwatch.StartNew();
            while (acknowledged.Count < target && deadline.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(20);
            }

            Assert.Equal(137, await sample.KillAsync());
            await stop.CancelAsync();
            await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(30));
        }

        await using (var last = await SampleProcess.StartAsync(_contentRoot.FullName, NoSettings, "--store", "sqlite"))
        {
            using var api = last.Client();
            foreach (var (id, number) in acknowledged)
            {
                Assert.Equal(number, (string)(await api.GetAsync($"/api/v1/tokens/{id}"))!["tokenNumber"]!);
            }
        }

        output.WriteLine(
            $"FIGURE sigkill: {Kills} SIGKILLs of the SQLite host under {Clients} booking clients: {acknowledged.Count} "
                + $"tokens acknowledged, all {acknowledged.Count} found after the restarts, 0 lost; {unanswered} requests "
                + $"unanswered at the kills (stored or not, either is correct); {watch.Elapsed.TotalSeconds:F0} s."
        );
    }

    [Fact]
    public async Task PostgreSQL_stopped_mid_load_answers_503_with_retry_after_and_recovers_after_a_restart()
    {
        await using var cluster = await PostgresCluster.StartAsync();
        var database = new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Database = "faults" };
        await using (var connection = new NpgsqlConnection(cluster.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE faults", connection);
            await create.ExecuteNonQueryAsync();
        }

        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__OpdTokens"] = database.ConnectionString + ";Timeout=3;Command Timeout=5",
        };
        await using var sample = await SampleProcess.StartAsync(_contentRoot.FullName, settings, "--store", "postgres");
        using var api = sample.Client();
        var date = ConcurrencyFaultTests.Tomorrow();
        var doctor = await api.CreateDoctorAsync();
        await api.CreateSlotAsync(doctor, "09:00", "18:00", 1000, date);
        var acknowledged = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var answers = new ConcurrentQueue<(TimeSpan At, int Status, TimeSpan? RetryAfter, TimeSpan Took)>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var clients = Enumerable
            .Range(0, Clients)
            .Select(c =>
                Task.Run(async () =>
                {
                    using var client = sample.Client();
                    for (var n = 0; !stop.IsCancellationRequested; n++)
                    {
                        var sent = clock.Elapsed;
                        using var response = await client.SendAsync(
                            HttpMethod.Post,
                            "/api/v1/tokens",
                            new
                            {
                                doctorId = doctor,
                                date,
                                patientName = $"C{c}-{n}",
                                source = "walk_in",
                            }
                        );
                        answers.Enqueue(
                            (sent, (int)response.StatusCode, response.Headers.RetryAfter?.Delta, clock.Elapsed - sent)
                        );
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            var token = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["token"]!;
                            acknowledged[(string)token["id"]!] = (string)token["tokenNumber"]!;
                        }
                        else
                        {
                            await Task.Delay(100);
                        }
                    }
                })
            )
            .ToArray();

        await Task.Delay(TimeSpan.FromSeconds(3));
        var stoppedAt = clock.Elapsed;
        await cluster.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(6));
        using var anonymous = new HttpClient { BaseAddress = sample.Address };
        using var notReady = await anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var restartedAt = clock.Elapsed;
        await cluster.StartAgainAsync();
        await Task.Delay(TimeSpan.FromSeconds(6));
        await stop.CancelAsync();
        await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(60));
        using var ready = await anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative));

        var during = answers.Where(a => a.At > stoppedAt + TimeSpan.FromSeconds(1) && a.At < restartedAt).ToList();
        var after = answers.Where(a => a.At > restartedAt + TimeSpan.FromSeconds(3)).ToList();
        output.WriteLine(
            $"FIGURE postgres: {answers.Count} requests; while stopped {during.Count}: "
                + string.Join(
                    ", ",
                    during.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{g.Key} x{g.Count()}")
                )
                + $" (slowest {during.Select(a => a.Took.TotalSeconds).DefaultIfEmpty().Max():F1} s), readiness "
                + $"{(int)notReady.StatusCode}; after the restart {after.Count(a => a.Status == 201)} of {after.Count} "
                + $"created, readiness {(int)ready.StatusCode}; {acknowledged.Count} acknowledged in all."
        );
        Assert.DoesNotContain(answers, a => a.Status >= 500 && a.Status != 503);
        Assert.NotEmpty(during);
        Assert.All(during, a => Assert.Equal(503, a.Status));
        Assert.All(during, a => Assert.Equal(TimeSpan.FromSeconds(5), a.RetryAfter));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains(after, a => a.Status == 201);
        foreach (var (id, number) in acknowledged)
        {
            Assert.Equal(number, (string)(await api.GetAsync($"/api/v1/tokens/{id}"))!["tokenNumber"]!);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _contentRoot.Delete(recursive: true);
    }
}
