using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OpdTokens.Samples.Api.BrowserTests;

/// <summary>What the tests do through the HTTP API: the schedule (admin), bookings (desk), check-ins (clinician) and
/// board links (admin).</summary>
internal sealed class BoardApi(BoardHost host) : IDisposable
{
    private readonly HttpClient _admin = host.Client(BoardHost.AdminKey);
    private readonly HttpClient _desk = host.Client(BoardHost.DeskKey);
    private readonly HttpClient _clinician = host.Client(BoardHost.ClinicianKey);

    /// <summary>A doctor with a slot of today that starts within the hour (the host's clock reads about 12:00).</summary>
    public async Task<(string Doctor, string Slot)> DoctorWithSlotAsync(string name)
    {
        var doctor = await SendAsync(
            _admin,
            HttpMethod.Post,
            "/api/v1/doctors",
            new { name, specialty = "General Medicine" }
        );
        var id = (string)doctor["id"]!;
        var slot = await SendAsync(
            _admin,
            HttpMethod.Post,
            "/api/v1/slots",
            new
            {
                doctorId = id,
                date = host.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                startTime = "13:00",
                endTime = "15:00",
                maxCapacity = 12,
            }
        );
        return (id, (string)slot["id"]!);
    }

    public async Task<JsonNode> BookAsync(string doctor, string slot, string patient, string? phone = null) =>
        (
            await SendAsync(
                _desk,
                HttpMethod.Post,
                "/api/v1/tokens",
                new
                {
                    doctorId = doctor,
                    slotId = slot,
                    patientName = patient,
                    patientPhone = phone,
                    source = "walk_in",
                }
            )
        )["token"]!;

    public Task<JsonNode> CheckInAsync(JsonNode token) =>
        SendAsync(
            _clinician,
            HttpMethod.Patch,
            $"/api/v1/tokens/{(string)token["id"]!}/status",
            new { status = "checked_in" }
        );

    /// <summary>Issues a board link; returns its id and the path that connects a screen.</summary>
    public async Task<(string Id, string Secret, string ConnectPath)> BoardLinkAsync(params string[] doctors)
    {
        var link = await SendAsync(
            _admin,
            HttpMethod.Post,
            "/api/v1/board-links",
            new { name = "waiting-room-tv", doctorIds = doctors }
        );
        return ((string)link["id"]!, (string)link["secret"]!, (string)link["connectPath"]!);
    }

    public async Task RevokeAsync(string linkId)
    {
        using var response = await _admin.DeleteAsync(new Uri($"/api/v1/board-links/{linkId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    private static async Task<JsonNode> SendAsync(HttpClient client, HttpMethod method, string path, object body)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative))
        {
            Content = JsonContent.Create(body),
        };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    public void Dispose()
    {
        _admin.Dispose();
        _desk.Dispose();
        _clinician.Dispose();
    }
}
