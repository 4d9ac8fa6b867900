using System.Net;
using System.Net.Http.Json;

namespace OpdTokens.Samples.Api.Tests.Security;

/// <summary>Every endpoint for every role: allowed calls succeed, the others are 403 <c>forbidden</c> and change
/// nothing. The table is the one of the security issue, written out here rather than read from the host.</summary>
public sealed class RoleAccessTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Admin = "admin";
    private const string Desk = "desk";
    private const string Clinician = "clinician";
    private const string Display = "display";

    private readonly ApiClient _admin = factory.Client();

    [Theory]
    [InlineData(Admin, ApiFactory.AdminKey)]
    [InlineData(Desk, ApiFactory.DeskKey)]
    [InlineData(Clinician, ApiFactory.ClinicianKey)]
    [InlineData(Display, ApiFactory.DisplayKey)]
    public async Task A_role_may_call_exactly_its_endpoints(string role, string key)
    {
        var day = await SharedDayAsync();
        using var http = factory.CreateClient();
        var failures = new List<string>();

        foreach (var (name, allowed, build) in Calls(day))
        {
            using var request = await build();
            request.Headers.Add("X-Api-Key", key);
            var before = allowed.Contains(role) ? null : await StateAsync(day);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var status = (int)response.StatusCode;
            if (allowed.Contains(role))
            {
                if (status is < 200 or >= 300)
                {
                    failures.Add(
                        $"{name}: allowed for {role} but got {status} {await response.Content.ReadAsStringAsync()}"
                    );
                }

                continue;
            }

            var body = await response.Content.ReadAsStringAsync();
            if (status != 403 || !body.Contains("\"code\":\"forbidden\"", StringComparison.Ordinal))
            {
                failures.Add($"{name}: not allowed for {role} but got {status} {body}");
            }
            else if (await StateAsync(day) != before)
            {
                failures.Add($"{name}: refused for {role} but the state changed");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private sealed record Day(string Doctor, string Slot, string OtherSlot, string Token, string TokenNumber);

    private async Task<Day> SharedDayAsync()
    {
        var doctor = await _admin.CreateDoctorAsync();
        var slot = await _admin.CreateSlotAsync(doctor, "09:00", "10:00", 500);
        var other = await _admin.CreateSlotAsync(doctor, "10:00", "11:00", 500);
        var token = (await _admin.AllocateAsync(doctor, slot, "Shared Patient"))["token"]!;
        return new Day(doctor, slot, other, (string)token["id"]!, (string)token["tokenNumber"]!);
    }

    private async Task<string> StateAsync(Day day)
    {
        var status = await _admin.GetAsync("/api/v1/analytics/system/status");
        var doctors = await _admin.GetAsync("/api/v1/doctors");
        var today = await _admin.GetAsync($"/api/v1/analytics/doctors/{day.Doctor}/day/{ApiFactory.Today}");
        return status!.ToJsonString() + doctors!.ToJsonString() + today!.ToJsonString();
    }

    private IEnumerable<(string Name, string[] Allowed, Func<Task<HttpRequestMessage>> Build)> Calls(Day day)
    {
        string[] everyone = [Admin, Desk, Clinician, Display];
        string[] staff = [Admin, Desk, Clinician];
        string[] adminOnly = [Admin];
        string[] booking = [Admin, Desk];
        string[] clinical = [Admin, Clinician];
        var v1 = "/api/v1";

        yield return (
            "POST /doctors",
            adminOnly,
            () => Post($"{v1}/doctors", new { name = "Dr. New", specialty = "ENT" })
        );
        yield return ("GET /doctors", staff, () => Get($"{v1}/doctors"));
        yield return ("GET /doctors/{id}", staff, () => Get($"{v1}/doctors/{day.Doctor}"));
        yield return (
            "POST /doctors/{id}/delay",
            clinical,
            () => Post($"{v1}/doctors/{day.Doctor}/delay", new { minutes = 0 })
        );
        yield return (
            "POST /doctors/{id}/deactivate",
            adminOnly,
            async () => await Post($"{v1}/doctors/{await _admin.CreateDoctorAsync()}/deactivate", null)
        );
        yield return (
            "POST /slots",
            adminOnly,
            async () =>
                await Post(
                    $"{v1}/slots",
                    new
                    {
                        doctorId = await _admin.CreateDoctorAsync(),
                        date = ApiFactory.Today,
                        startTime = "09:00",
                        endTime = "10:00",
                        maxCapacity = 5,
                    }
                )
        );
        yield return ("GET /slots", staff, () => Get($"{v1}/slots?doctorId={day.Doctor}&date={ApiFactory.Today}"));
        yield return ("GET /slots/{id}", staff, () => Get($"{v1}/slots/{day.Slot}"));
        yield return (
            "POST /slots/{id}/close",
            adminOnly,
            async () => await Post($"{v1}/slots/{await FreshSlotAsync()}/close", null)
        );
        yield return (
            "POST /slots/{id}/resize",
            adminOnly,
            () => Post($"{v1}/slots/{day.Slot}/resize", new { maxCapacity = 500 })
        );
        yield return ("GET /slots/{id}/queue", everyone, () => Get($"{v1}/slots/{day.Slot}/queue"));
        yield return ("GET /slots/{id}/queue/stream", everyone, () => Get($"{v1}/slots/{day.Slot}/queue/stream"));
        yield return (
            "POST /tokens",
            booking,
            () =>
                Post(
                    $"{v1}/tokens",
                    new
                    {
                        doctorId = day.Doctor,
                        slotId = day.Slot,
                        patientName = "Role Patient",
                        source = "walk_in",
                    }
                )
        );
        yield return ("GET /tokens", staff, () => Get($"{v1}/tokens?doctorId={day.Doctor}"));
        yield return ("GET /tokens/{id}", staff, () => Get($"{v1}/tokens/{day.Token}"));
        yield return ("GET /tokens/number/{n}", staff, () => Get($"{v1}/tokens/number/{day.TokenNumber}"));
        yield return (
            "PATCH /tokens/{id}/status",
            clinical,
            async () =>
                new HttpRequestMessage(HttpMethod.Patch, $"{v1}/tokens/{await FreshTokenAsync(day)}/status")
                {
                    Content = JsonContent.Create(new { status = "checked_in" }),
                }
        );
        yield return (
            "POST /tokens/{id}/cancel",
            booking,
            async () => await Post($"{v1}/tokens/{await FreshTokenAsync(day)}/cancel", null)
        );
        yield return (
            "POST /tokens/{id}/no-show",
            booking,
            async () => await Post($"{v1}/tokens/{await FreshTokenAsync(day)}/no-show", null)
        );
        yield return (
            "POST /tokens/{id}/reallocate",
            booking,
            async () =>
                await Post($"{v1}/tokens/{await FreshTokenAsync(day)}/reallocate", new { slotId = day.OtherSlot })
        );
        yield return ("GET /analytics/slots/{id}", booking, () => Get($"{v1}/analytics/slots/{day.Slot}"));
        yield return (
            "GET /analytics/doctors/{id}/day/{date}",
            booking,
            () => Get($"{v1}/analytics/doctors/{day.Doctor}/day/{ApiFactory.Today}")
        );
        yield return ("GET /analytics/system/status", booking, () => Get($"{v1}/analytics/system/status"));
        yield return ("GET /admin/notifications/outbox", adminOnly, () => Get($"{v1}/admin/notifications/outbox"));
        yield return (
            "GET /admin/notifications/dead-letters",
            adminOnly,
            () => Get($"{v1}/admin/notifications/dead-letters")
        );
    }

    private async Task<string> FreshSlotAsync() =>
        await _admin.CreateSlotAsync(await _admin.CreateDoctorAsync(), "09:00", "10:00", 3);

    private async Task<string> FreshTokenAsync(Day day) =>
        (string)(await _admin.AllocateAsync(day.Doctor, day.Slot, "Fresh Patient"))["token"]!["id"]!;

    private static Task<HttpRequestMessage> Get(string path) =>
        Task.FromResult(new HttpRequestMessage(HttpMethod.Get, path));

    private static Task<HttpRequestMessage> Post(string path, object? body) =>
        Task.FromResult(
            new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) }
        );
}
