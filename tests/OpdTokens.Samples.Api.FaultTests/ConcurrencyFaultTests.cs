using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using OpdTokens.Samples.Api.Tests;
using OpdTokens.Samples.Api.Tests.Storage;
using OpdTokens.Samples.Api.Tests.Support;
using Xunit.Abstractions;

namespace OpdTokens.Samples.Api.FaultTests;

/// <summary>Load at one slot, and malformed input of every kind, against the sample as a real process on
/// loopback.</summary>
public sealed class ConcurrencyFaultTests(ITestOutputHelper output) : IDisposable
{
    private static readonly Dictionary<string, string> NoSettings = [];
    private readonly DirectoryInfo _contentRoot = Directory.CreateTempSubdirectory("opdtokens-fault-");

    [Fact]
    public async Task Two_hundred_concurrent_requests_into_one_slot_seat_exactly_its_capacity_and_never_fail()
    {
        const int Requests = 200;
        const int Capacity = 20;
        await using var sample = await SampleProcess.StartAsync(_contentRoot.FullName, NoSettings);
        using var setup = sample.Client();
        var date = Tomorrow();
        var doctor = await setup.CreateDoctorAsync();
        var slot = await setup.CreateSlotAsync(doctor, "09:00", "10:00", Capacity, date);

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Requests })
        {
            BaseAddress = sample.Address,
            Timeout = TimeSpan.FromSeconds(60),
        };
        http.DefaultRequestHeaders.Add("X-Api-Key", SampleProcess.AdminKey);
        using var api = new ApiClient(http);
        using var start = new ManualResetEventSlim();
        var statuses = new ConcurrentBag<int>();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(
            Enumerable
                .Range(0, Requests)
                .Select(i =>
                    Task.Run(async () =>
                    {
                        using var response = await api.SendAsync(
                            HttpMethod.Post,
                            "/api/v1/tokens",
                            new
                            {
                                doctorId = doctor,
                                slotId = slot,
                                patientName = $"Patient {i}",
                                source = "walk_in",
                                waitlistIfFull = false,
                            }
                        );
                        statuses.Add((int)response.StatusCode);
                    })
                )
        );
        watch.Stop();

        var seated = (int)(await setup.GetAsync($"/api/v1/slots/{slot}"))!["currentCount"]!;
        var byStatus = statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Key} x{g.Count()}");
        output.WriteLine(
            $"FIGURE concurrency: {Requests} concurrent requests into a slot of {Capacity}: {string.Join(", ", byStatus)}; "
                + $"{seated} seated; {watch.Elapsed.TotalMilliseconds:F0} ms for the burst."
        );
        Assert.Equal(Capacity, seated);
        Assert.Equal(Capacity, statuses.Count(s => s == 201));
        Assert.Equal(Requests - Capacity, statuses.Count(s => s == 409));
    }

    [Fact]
    public async Task A_malformed_input_sweep_gets_problem_details_with_a_code_and_never_a_server_error()
    {
        await using var sample = await SampleProcess.StartAsync(_contentRoot.FullName, NoSettings);
        using var setup = sample.Client();
        var doctor = await setup.CreateDoctorAsync();
        var slot = await setup.CreateSlotAsync(doctor, "09:00", "10:00", 5, Tomorrow());
        var key = SampleProcess.AdminKey;
        var requests = new List<string>();
        string[] bodies =
        [
            "",
            "{",
            "null",
            "[]",
            "{\"doctorId\":5}",
            $"{{\"doctorId\":\"{doctor}\",\"patientName\":\"A\\u200BB\",\"source\":\"walk_in\"}}",
            $"{{\"doctorId\":\"{doctor}\",\"patientName\":\"\\u202Eevil\",\"source\":\"walk_in\"}}",
            $"{{\"doctorId\":\"{doctor}\",\"patientName\":\"A\",\"source\":\"WalkIn\"}}",
            $"{{\"doctorId\":\"{doctor}\",\"slotId\":\"{slot}\",\"patientName\":\"A\",\"source\":\"walk_in\",\"date\":\"9999-12-31\"}}",
            $"{{\"doctorId\":\"{doctor}\",\"patientName\":\"{new string('x', 101)}\",\"source\":\"walk_in\"}}",
            $"{{\"doctorId\":\"{doctor}\",\"patientName\":\"A\",\"patientPhone\":\"call me\",\"source\":\"walk_in\"}}",
        ];
        foreach (var body in bodies)
        {
            requests.Add(Post("/api/v1/tokens", body, key));
            requests.Add(Post("/api/v1/slots", body, key));
            requests.Add(Post($"/api/v1/doctors/{doctor}/delay", body, key));
        }

        foreach (
            var path in (string[])
                [
                    "/api/v1/tokens/%00",
                    "/api/v1/doctors/a%00b",
                    "/api/v1/tokens?status=CheckedIn",
                    "/api/v1/tokens?limit=0",
                    "/api/v1/slots?date=2026-02-30",
                    "/api/v1/nothing",
                ]
        )
        {
            requests.Add($"GET {path} HTTP/1.1\r\nHost: api\r\nConnection: close\r\nX-Api-Key: {key}\r\n\r\n");
        }

        requests.Add(
            $"GET /api/v1/doctors HTTP/1.1\r\nHost: api\r\nConnection: close\r\nX-T\u00c3\u00a9st: a\r\nX-Api-Key: {key}\r\n\r\n"
        );
        requests.Add(
            "GET /api/v1/doctors HTTP/1.1\r\nHost: api\r\nConnection: close\r\nX-Api-Key: \u00e2\u0082\u00ac\r\n\r\n"
        );
        requests.Add(Post("/api/v1/tokens", "{}", key, "Idempotency-Key: k\u00ff\r\n"));
        requests.Add(Post("/api/v1/tokens", "{}", key, "Content-Type: text/plain\r\n", json: false));
        requests.Add($"DELETE /api/v1/tokens HTTP/1.1\r\nHost: api\r\nConnection: close\r\nX-Api-Key: {key}\r\n\r\n");
        requests.Add(Post("/api/v1/tokens", "{\"a\":\"" + new string('x', 20_000) + "\"}", key));
        requests.Add(
            $"GET /api/v1/doctors HTTP/1.1\r\nHost: api\r\nConnection: close\r\nX-Big: {new string('b', 40_000)}\r\n\r\n"
        );

        var failures = new List<string>();
        var statuses = new List<int>();
        foreach (var request in requests)
        {
            var response = await RawHttp.SendAsync(sample.Address, request);
            statuses.Add(response.Status);
            var label = $"{request.Split("\r\n")[0]} -> {response.Status}";
            if (response.Status is < 400 or >= 500)
            {
                failures.Add($"{label}: {response.Body}");
            }
            else if (
                !response.Headers.TryGetValue("content-type", out var type)
                || !type.StartsWith("application/problem+json", StringComparison.Ordinal)
            )
            {
                failures.Add($"{label}: not problem details");
            }
            else if (response.Json?["code"] is null)
            {
                failures.Add($"{label}: no code in {response.Body}");
            }
        }

        output.WriteLine(
            $"FIGURE malformed: {requests.Count} malformed requests: "
                + string.Join(", ", statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Key} x{g.Count()}"))
                + $"; {failures.Count} without a problem body and code or with a 5xx."
        );
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static string Post(string path, string body, string key, string extra = "", bool json = true)
    {
        var bytes = System.Text.Encoding.UTF8.GetByteCount(body);
        var latin1Body = System.Text.Encoding.Latin1.GetString(System.Text.Encoding.UTF8.GetBytes(body));
        return $"POST {path} HTTP/1.1\r\nHost: api\r\nConnection: close\r\nX-Api-Key: {key}\r\n"
            + (json ? "Content-Type: application/json\r\n" : "")
            + extra
            + $"Content-Length: {bytes}\r\n\r\n{latin1Body}";
    }

    internal static string Tomorrow() =>
        DateOnly
            .FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime)
            .AddDays(1)
            .ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public void Dispose() => _contentRoot.Delete(recursive: true);
}
