using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace OpdTokens.Samples.Api.Tests.Problems;

/// <summary>Bad input of every kind gets a 4xx problem with a code, never a 5xx, and changes nothing.</summary>
public sealed class MalformedInputTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly ApiClient _api = factory.Client();

    [Fact]
    public async Task Malformed_input_never_yields_a_server_error_or_a_change()
    {
        var doctor = await _api.CreateDoctorAsync();
        var slot = await _api.CreateSlotAsync(doctor, "09:00", "10:00", 5);
        var token = (string)(await _api.AllocateAsync(doctor, slot, "Patient One"))["token"]!["id"]!;
        var before = await StateAsync();
        var failures = new List<string>();

        foreach (var (method, path, content) in Cases(doctor, slot, token))
        {
            using var request = new HttpRequestMessage(method, path) { Content = content };
            using var response = await _api.Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            var label = $"{method} {path} [{Describe(content)}] -> {status}";
            if (status is < 400 or >= 500)
            {
                failures.Add($"{label}: {text}");
                continue;
            }

            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"{label}: not problem details");
                continue;
            }

            var problem = JsonNode.Parse(text)!;
            if (problem["code"] is null || (int)problem["status"]! != status || problem["title"] is null)
            {
                failures.Add($"{label}: incomplete problem {text}");
            }
            else if (status == 400 && problem["errors"] is not JsonObject { Count: > 0 })
            {
                failures.Add($"{label}: validation problem without errors {text}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.Equal(before, await StateAsync());
    }

    private async Task<string> StateAsync()
    {
        var status = await _api.GetAsync("/api/v1/analytics/system/status");
        var doctors = await _api.GetAsync("/api/v1/doctors");
        return status!.ToJsonString() + doctors!.ToJsonString();
    }

    private static IEnumerable<(HttpMethod Method, string Path, HttpContent? Content)> Cases(
        string doctor,
        string slot,
        string token
    )
    {
        var tokenBodies = new[]
        {
            "",
            "{",
            "[",
            "]",
            "nul",
            "null",
            "42",
            "\"text\"",
            "[]",
            "{}",
            $"{{\"doctorId\":\"{doctor}\",\"patientName\":\"Trunc",
            $"{{\"doctorId\":\"{doctor}\",\"patientName\":\"A\",\"source\":\"walk_in\"}} trailing",
            $"{{\"doctorId\":\"{doctor}\",\"patientName\":\"A\",\"source\":\"walk_in\",}}",
            $"{{/* comment */\"doctorId\":\"{doctor}\",\"patientName\":\"A\",\"source\":\"walk_in\"}}",
            "{\"doctorId\":5,\"patientName\":\"A\",\"source\":\"walk_in\"}",
            "{\"doctorId\":{\"id\":\"D1\"},\"patientName\":\"A\",\"source\":\"walk_in\"}",
            $"{{\"doctorId\":\"{doctor}\",\"patientName\":[\"A\"],\"source\":\"walk_in\"}}",
            $"{{\"doctorId\":\"{doctor}\",\"patientName\":\"A\",\"source\":\"vip\"}}",
            $"{{\"doctorId\":\"{doctor}\",\"patientName\":\"A\",\"source\":\"WALK_IN\"}}",
            $"{{\"doctorId\":\"{doctor}\",\"patientName\":\"A\",\"source\":4}}",
            $"{{\"doctorId\":\"{doctor}\",\"patientName\":\"A\",\"source\":null}}",
            $"{{\"doctorId\":\"{doctor}\",\"patientName\":\"A\",\"source\":\"walk_in\",\"waitlistIfFull\":\"yes\"}}",
            $"{{\"doctorId\":\"{doctor}\",\"patientName\":\"A\",\"source\":\"walk_in\",\"date\":\"2026-02-30\"}}",
            $"{{\"doctorId\":\"{doctor}\",\"patientName\":\"A\",\"source\":\"walk_in\",\"date\":\"2026-11-21T00:00\"}}",
            $"{{\"doctorId\":\"{doctor}\",\"patientName\":\"A\",\"source\":\"walk_in\",\"date\":20261121}}",
            $"{{\"doctorId\":\"{doctor}\",\"patientName\":\"A\",\"source\":\"walk_in\",\"date\":\"1999-01-01\"}}",
            $"{{\"doctorId\":\"{doctor}\",\"patientName\":\"A\",\"source\":\"walk_in\",\"slotId\":\"S-x\"}}",
            $"{{\"doctorId\":\"{doctor}\",\"patientName\":\"A\",\"source\":\"walk_in\",\"slotId\":12}}",
            $"{{\"doctorId\":\"{doctor}\",\"patientName\":\"A\",\"source\":\"walk_in\",\"slotId\":\"S-{doctor}-20261122-1\",\"date\":\"2026-11-21\"}}",
            $"{{\"doctorId\":\"{doctor}\",\"patientName\":\"A\\u0000B\",\"source\":\"walk_in\"}}",
            $"{{\"doctorId\":\"{doctor}\",\"patientName\":\"A\",\"patientPhone\":12345,\"source\":\"walk_in\"}}",
            $"{{\"doctorId\":\"{doctor}\",\"patientName\":\"A\",\"patientPhone\":\"call me\",\"source\":\"walk_in\"}}",
            $"{{\"doctorId\":\"{doctor}\",\"patientName\":\"A\",\"patientId\":\"\",\"source\":\"walk_in\"}}",
            $"{{\"doctorId\":\"{doctor}\",\"doctorId\":\"D2\",\"patientName\":\"A\",\"source\":\"walk_in\"}}",
            $"{{\"doctorId\":\"{doctor}\",\"patientName\":\"{new string('x', 10_000)}\",\"source\":\"walk_in\"}}",
            $"{{\"doctorId\":\"{doctor}\",\"patientName\":\"{new string('x', 40_000)}\",\"source\":\"walk_in\"}}",
            $"{{\"doctorId\":\"{new string('D', 5_000)}\",\"patientName\":\"A\",\"source\":\"walk_in\"}}",
            "{\"a\":" + new string('[', 500) + new string(']', 500) + "}",
        };
        foreach (var body in tokenBodies)
        {
            yield return (HttpMethod.Post, "/api/v1/tokens", Json(body));
        }

        yield return (HttpMethod.Post, "/api/v1/tokens", InvalidUtf8(doctor));
        yield return (HttpMethod.Post, "/api/v1/tokens", new StringContent("doctorId=D1", Encoding.UTF8, "text/plain"));
        yield return (HttpMethod.Post, "/api/v1/tokens", null);

        var slotBodies = new[]
        {
            $"{{\"doctorId\":\"{doctor}\",\"date\":\"2026-11-21\",\"startTime\":\"9:00\",\"endTime\":\"10:00\",\"maxCapacity\":2}}",
            $"{{\"doctorId\":\"{doctor}\",\"date\":\"2026-11-21\",\"startTime\":\"25:00\",\"endTime\":\"26:00\",\"maxCapacity\":2}}",
            $"{{\"doctorId\":\"{doctor}\",\"date\":\"2026-11-21\",\"startTime\":\"12:00:00\",\"endTime\":\"13:00\",\"maxCapacity\":2}}",
            $"{{\"doctorId\":\"{doctor}\",\"date\":\"2026-11-21\",\"startTime\":\"noon\",\"endTime\":\"13:00\",\"maxCapacity\":2}}",
            $"{{\"doctorId\":\"{doctor}\",\"date\":\"21-11-2026\",\"startTime\":\"12:00\",\"endTime\":\"13:00\",\"maxCapacity\":2}}",
            $"{{\"doctorId\":\"{doctor}\",\"date\":\"2026-11-21\",\"startTime\":\"12:00\",\"endTime\":\"13:00\",\"maxCapacity\":\"2\"}}",
            $"{{\"doctorId\":\"{doctor}\",\"date\":\"2026-11-21\",\"startTime\":\"12:00\",\"endTime\":\"13:00\",\"maxCapacity\":1e40}}",
            $"{{\"doctorId\":\"{doctor}\",\"date\":\"2026-11-21\",\"startTime\":\"12:00\",\"endTime\":\"13:00\",\"maxCapacity\":2.5}}",
            $"{{\"doctorId\":\"{doctor}\",\"date\":\"2026-11-21\",\"startTime\":\"12:00\",\"endTime\":\"13:00\",\"maxCapacity\":-1}}",
            $"{{\"doctorId\":\"{doctor}\",\"date\":\"2020-01-01\",\"startTime\":\"12:00\",\"endTime\":\"13:00\",\"maxCapacity\":2}}",
            $"{{\"doctorId\":\"{doctor}\",\"date\":\"2026-11-21\",\"startTime\":\"12:00\",\"endTime\":\"13:00\"}}",
        };
        foreach (var body in slotBodies)
        {
            yield return (HttpMethod.Post, "/api/v1/slots", Json(body));
        }

        foreach (
            var body in new[] { "{\"status\":\"CHECKED_IN\"}", "{\"status\":1}", "{}", "{\"status\":\"no-show\"}" }
        )
        {
            yield return (HttpMethod.Patch, $"/api/v1/tokens/{token}/status", Json(body));
        }

        foreach (var body in new[] { "{\"minutes\":\"ten\"}", "{\"minutes\":99999999999}", "{\"minutes\":1.5}" })
        {
            yield return (HttpMethod.Post, $"/api/v1/doctors/{doctor}/delay", Json(body));
        }

        foreach (var body in new[] { "{\"slotId\":5}", "{\"slotId\":\"\"}", "{\"reason\":\"x\"}" })
        {
            yield return (HttpMethod.Post, $"/api/v1/tokens/{token}/reallocate", Json(body));
        }

        foreach (
            var body in new[] { "{\"name\":123,\"specialty\":\"x\"}", "{\"name\":\"A\",\"specialty\":\"B\",\"id\":42}" }
        )
        {
            yield return (HttpMethod.Post, "/api/v1/doctors", Json(body));
        }

        yield return (HttpMethod.Post, $"/api/v1/slots/{slot}/resize", Json("{\"maxCapacity\":0}"));

        var badReads = new[]
        {
            "/api/v1/tokens/%01%7F",
            "/api/v1/tokens/T-D1-99999999-1",
            "/api/v1/tokens/T--20261121-1",
            "/api/v1/slots/S-D1-20261121-0",
            "/api/v1/slots/S-D1-20261121-99999999999",
            $"/api/v1/doctors/{new string('d', 500)}",
            "/api/v1/tokens/number/%20",
            "/api/v1/tokens?date=2026-02-30",
            "/api/v1/tokens?status=unknown",
            "/api/v1/tokens?slotId=xyz",
            "/api/v1/tokens?doctorId=%2F%2F",
            "/api/v1/slots?date=yesterday",
            $"/api/v1/analytics/doctors/{doctor}/day/20261121",
        };
        foreach (var path in badReads)
        {
            yield return (HttpMethod.Get, path, null);
        }

        yield return (HttpMethod.Post, "/api/v1/tokens/not-a-token/cancel", null);
        yield return (HttpMethod.Post, "/api/v1/tokens/T-D404-20261121-1/no-show", null);
        yield return (HttpMethod.Post, "/api/v1/slots/S-x/close", null);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static ByteArrayContent InvalidUtf8(string doctor)
    {
        var bytes = Encoding
            .UTF8.GetBytes($"{{\"doctorId\":\"{doctor}\",\"patientName\":\"A\",\"source\":\"walk_in\"}}")
            .ToList();
        bytes.InsertRange(bytes.IndexOf((byte)'A'), new byte[] { 0xC3, 0x28, 0xFF });
        var content = new ByteArrayContent([.. bytes]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static string Describe(HttpContent? content) =>
        content switch
        {
            null => "no body",
            StringContent s => Shorten(s.ReadAsStringAsync().GetAwaiter().GetResult()),
            _ => content.GetType().Name,
        };

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";
}
