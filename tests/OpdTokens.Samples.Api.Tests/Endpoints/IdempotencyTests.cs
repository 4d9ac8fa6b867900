using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OpdTokens.Samples.Api.Tests.Endpoints;

public sealed class IdempotencyTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly ApiClient _api = factory.Client();

    [Fact]
    public async Task A_replayed_key_answers_200_with_the_original_response()
    {
        var doctor = await _api.CreateDoctorAsync();
        var slot = await _api.CreateSlotAsync(doctor, "09:00", "10:00", 2);
        var body = Request(doctor, slot, "Retrying Patient");

        using var first = await PostWithKeyAsync("retry-1", body);
        using var replay = await PostWithKeyAsync("retry-1", body);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal("true", Assert.Single(replay.Headers.GetValues("Idempotent-Replayed")));
        var original = JsonNode.Parse(await first.Content.ReadAsStringAsync())!;
        var repeated = JsonNode.Parse(await replay.Content.ReadAsStringAsync())!;
        Assert.Equal((string)original["token"]!["id"]!, (string)repeated["token"]!["id"]!);
        Assert.Equal((string)original["outcome"]!, (string)repeated["outcome"]!);
        Assert.True(repeated.AsObject().ContainsKey("bumpedToken"));
        Assert.True(repeated.AsObject().ContainsKey("alternatives"));
        Assert.Single((await _api.GetAsync($"/api/v1/tokens?doctorId={doctor}"))!.AsArray());
    }

    [Fact]
    public async Task A_reused_key_with_a_different_body_is_422()
    {
        var doctor = await _api.CreateDoctorAsync();
        var slot = await _api.CreateSlotAsync(doctor, "09:00", "10:00", 2);
        using var first = await PostWithKeyAsync("reuse-1", Request(doctor, slot, "First Patient"));

        using var reused = await PostWithKeyAsync("reuse-1", Request(doctor, slot, "Second Patient"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal("application/problem+json", reused.Content.Headers.ContentType!.MediaType);
        var problem = JsonNode.Parse(await reused.Content.ReadAsStringAsync())!;
        Assert.Equal("idempotency_key_reused", (string)problem["code"]!);
        Assert.Single((await _api.GetAsync($"/api/v1/tokens?doctorId={doctor}"))!.AsArray());
    }

    [Fact]
    public async Task An_invalid_key_is_a_validation_error()
    {
        var doctor = await _api.CreateDoctorAsync();

        using var response = await PostWithKeyAsync(new string('k', 65), Request(doctor, null, "Patient"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.NotNull(problem["errors"]!["idempotencyKey"]);
    }

    [Fact]
    public async Task A_second_active_token_for_a_patient_is_409_with_the_existing_token()
    {
        var doctor = await _api.CreateDoctorAsync();
        var slot = await _api.CreateSlotAsync(doctor, "09:00", "10:00", 4);
        var existing = await _api.PostAsync(
            "/api/v1/tokens",
            new
            {
                doctorId = doctor,
                slotId = slot,
                patientName = "Booked Twice",
                patientId = "MRN-42",
                source = "online",
            },
            HttpStatusCode.Created
        );

        var duplicate = await _api.PostAsync(
            "/api/v1/tokens",
            new
            {
                doctorId = doctor,
                patientName = "Booked Twice",
                patientId = "MRN-42",
                source = "walk_in",
            },
            HttpStatusCode.Conflict
        );

        Assert.Equal("duplicate_patient", (string)duplicate!["code"]!);
        var token = duplicate["existingToken"]!;
        Assert.Equal((string)existing!["token"]!["id"]!, (string)token["id"]!);
        Assert.Equal((string)existing["token"]!["tokenNumber"]!, (string)token["tokenNumber"]!);
        Assert.Equal("allocated", (string)token["status"]!);
        Assert.Equal(1, (int)token["queuePosition"]!);
    }

    [Fact]
    public async Task An_emergency_replaces_the_patients_earlier_booking()
    {
        var doctor = await _api.CreateDoctorAsync();
        var slot = await _api.CreateSlotAsync(doctor, "09:00", "10:00", 4);
        var earlier = await _api.PostAsync(
            "/api/v1/tokens",
            new
            {
                doctorId = doctor,
                slotId = slot,
                patientName = "Now Urgent",
                patientId = "MRN-7",
                source = "online",
            },
            HttpStatusCode.Created
        );

        await _api.PostAsync(
            "/api/v1/tokens",
            new
            {
                doctorId = doctor,
                patientName = "Now Urgent",
                patientId = "MRN-7",
                source = "emergency",
            },
            HttpStatusCode.Created
        );

        var replaced = await _api.GetAsync($"/api/v1/tokens/{earlier!["token"]!["id"]}");
        Assert.Equal("cancelled", (string)replaced!["status"]!);
    }

    [Fact]
    public async Task Twenty_concurrent_requests_with_one_key_create_exactly_one_token()
    {
        var doctor = await _api.CreateDoctorAsync();
        var slot = await _api.CreateSlotAsync(doctor, "09:00", "10:00", 30);
        var body = Request(doctor, slot, "Impatient Patient");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => PostWithKeyAsync("burst-1", body)));

        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(19, statuses.Count(s => s == HttpStatusCode.OK));
        var ids = new HashSet<string>();
        foreach (var response in responses)
        {
            ids.Add((string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["token"]!["id"]!);
            response.Dispose();
        }

        Assert.Single(ids);
        Assert.Single((await _api.GetAsync($"/api/v1/tokens?doctorId={doctor}"))!.AsArray());
    }

    private static object Request(string doctor, string? slot, string name) =>
        new
        {
            doctorId = doctor,
            slotId = slot,
            patientName = name,
            source = "walk_in",
        };

    private Task<HttpResponseMessage> PostWithKeyAsync(string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tokens") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return _api.Http.SendAsync(request);
    }
}
