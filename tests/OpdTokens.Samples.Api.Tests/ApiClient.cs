using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace OpdTokens.Samples.Api.Tests;

/// <summary>Calls the API the way a client does, with raw JSON, and checks status codes as it goes.</summary>
public sealed class ApiClient(HttpClient http) : IDisposable
{
    public HttpClient Http => http;

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is string raw)
        {
            request.Content = new StringContent(raw, Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        var response = await http.SendAsync(request);
        Sent.Enqueue((method.Method, path, (int)response.StatusCode));
        return response;
    }

    /// <summary>Every request any client of this test run sent, with its status, so the OpenAPI tests can check each
    /// answer against the statuses the document lists.</summary>
    public static ConcurrentQueue<(string Method, string Path, int Status)> Sent { get; } = new();

    /// <summary>Sends a request, asserts the status and returns the JSON body (null when there is none).</summary>
    public async Task<JsonNode?> CallAsync(HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        using var response = await SendAsync(method, path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(
            response.StatusCode == expected,
            $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}"
        );
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    public Task<JsonNode?> GetAsync(string path, HttpStatusCode expected = HttpStatusCode.OK) =>
        CallAsync(HttpMethod.Get, path, null, expected);

    public Task<JsonNode?> PostAsync(string path, object? body, HttpStatusCode expected) =>
        CallAsync(HttpMethod.Post, path, body, expected);

    /// <summary>Adds a doctor with a generated id.</summary>
    public async Task<string> CreateDoctorAsync(string specialty = "Cardiology")
    {
        var doctor = await PostAsync("/api/v1/doctors", new { name = "Dr. Test", specialty }, HttpStatusCode.Created);
        return (string)doctor!["id"]!;
    }

    /// <summary>Adds a slot and returns its id.</summary>
    public async Task<string> CreateSlotAsync(
        string doctorId,
        string start,
        string end,
        int capacity,
        string date = ApiFactory.Today
    )
    {
        var slot = await PostAsync(
            "/api/v1/slots",
            new
            {
                doctorId,
                date,
                startTime = start,
                endTime = end,
                maxCapacity = capacity,
            },
            HttpStatusCode.Created
        );
        return (string)slot!["id"]!;
    }

    /// <summary>Asks for a token and returns the whole allocation response.</summary>
    public async Task<JsonNode> AllocateAsync(
        string doctorId,
        string? slotId,
        string patientName,
        string source = "walk_in",
        HttpStatusCode expected = HttpStatusCode.Created
    ) =>
        (
            await PostAsync(
                "/api/v1/tokens",
                new
                {
                    doctorId,
                    slotId,
                    patientName,
                    source,
                },
                expected
            )
        )!;

    public void Dispose() => http.Dispose();
}
