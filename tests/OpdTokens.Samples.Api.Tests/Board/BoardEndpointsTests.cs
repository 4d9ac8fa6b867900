using System.Net;
using System.Text.Json.Nodes;

namespace OpdTokens.Samples.Api.Tests.Board;

public sealed class BoardEndpointsTests
{
    [Fact]
    public async Task Board_links_are_issued_listed_and_revoked_by_administrators_only()
    {
        await using var factory = new ApiFactory();
        using var admin = factory.Client();
        using var desk = factory.Client(ApiFactory.DeskKey);
        var doctor = await admin.CreateDoctorAsync();

        var issued = await admin.PostAsync(
            "/api/v1/board-links",
            new { name = "ward-3-tv", doctorIds = new[] { doctor } },
            HttpStatusCode.Created
        );
        await desk.PostAsync(
            "/api/v1/board-links",
            new { name = "desk", doctorIds = new[] { doctor } },
            HttpStatusCode.Forbidden
        );
        var invalid = await admin.PostAsync(
            "/api/v1/board-links",
            new { name = "", doctorIds = Array.Empty<string>() },
            HttpStatusCode.BadRequest
        );
        await admin.PostAsync(
            "/api/v1/board-links",
            new { name = "tv", doctorIds = new[] { "D999" } },
            HttpStatusCode.NotFound
        );
        var listed = (await admin.GetAsync("/api/v1/board-links"))!.AsArray();

        var secret = (string)issued!["secret"]!;
        Assert.True(secret.Length >= 40);
        Assert.Equal("/board/connect#" + secret, (string)issued["connectPath"]!);
        Assert.Equal("validation_failed", (string)invalid!["code"]!);
        Assert.NotNull(invalid["errors"]!["name"]);
        Assert.NotNull(invalid["errors"]!["doctorIds"]);
        var link = Assert.Single(listed);
        Assert.Null(link!["secret"]);
        Assert.DoesNotContain(secret, listed.ToJsonString(), StringComparison.Ordinal);

        var id = (string)issued["id"]!;
        await admin.CallAsync(HttpMethod.Delete, $"/api/v1/board-links/{id}", null, HttpStatusCode.NoContent);
        await admin.CallAsync(HttpMethod.Delete, "/api/v1/board-links/nope", null, HttpStatusCode.NotFound);
        Assert.NotNull((await admin.GetAsync("/api/v1/board-links"))![0]!["revokedAt"]);
        await admin.PostAsync("/board/session", new { secret }, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_board_link_cookie_reads_its_doctors_board_with_initials_only_and_nothing_else()
    {
        await using var factory = new ApiFactory();
        using var admin = factory.Client();
        var doctor = await admin.CreateDoctorAsync();
        var other = await admin.CreateDoctorAsync();
        var slot = await admin.CreateSlotAsync(doctor, "09:00", "10:00", 6);
        await admin.PostAsync(
            "/api/v1/tokens",
            new
            {
                doctorId = doctor,
                slotId = slot,
                patientName = "Lakshmi Narayanan",
                patientPhone = "+91 98450 12345",
                source = "online",
            },
            HttpStatusCode.Created
        );
        var issued = await admin.PostAsync(
            "/api/v1/board-links",
            new { name = "tv", doctorIds = new[] { doctor } },
            HttpStatusCode.Created
        );
        var secret = (string)issued!["secret"]!;
        using var screen = factory.Client(null);

        using var session = await screen.SendAsync(HttpMethod.Post, "/board/session", new { secret });
        var cookie = Assert.Single(session.Headers.GetValues("Set-Cookie"));
        screen.Http.DefaultRequestHeaders.Add("Cookie", cookie.Split(';')[0]);
        var board = await screen.GetAsync($"/api/v1/board?doctors={doctor}");

        Assert.Equal(HttpStatusCode.OK, session.StatusCode);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        var entry = board!["doctors"]![0]!["next"]![0]!;
        Assert.Equal("L. N.", (string)entry["patientInitials"]!);
        Assert.Equal("09:00", (string)entry["estimatedTime"]!);
        Assert.DoesNotContain("Lakshmi", board.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("98450", board.ToJsonString(), StringComparison.Ordinal);
        await screen.GetAsync($"/api/v1/board?doctors={other}", HttpStatusCode.Forbidden);
        await screen.GetAsync($"/api/v1/slots/{slot}/queue", HttpStatusCode.Unauthorized);
        await screen.GetAsync($"/api/v1/tokens?doctorId={doctor}", HttpStatusCode.Unauthorized);
        await screen.PostAsync("/board/session", new { secret = "not-a-secret" }, HttpStatusCode.Unauthorized);
        using var display = factory.Client(ApiFactory.DisplayKey);
        Assert.Equal(
            board["doctors"]!.ToJsonString(),
            (await display.GetAsync($"/api/v1/board?doctors={doctor}"))!["doctors"]!.ToJsonString()
        );
        await display.GetAsync("/api/v1/board?doctors=", HttpStatusCode.BadRequest);
        await display.GetAsync("/api/v1/board?doctors=D999", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Call_next_starts_the_best_ranked_checked_in_token_and_never_a_second_consultation()
    {
        await using var factory = new ApiFactory();
        using var admin = factory.Client();
        using var clinician = factory.Client(ApiFactory.ClinicianKey);
        using var desk = factory.Client(ApiFactory.DeskKey);
        var doctor = await admin.CreateDoctorAsync();
        var slot = await admin.CreateSlotAsync(doctor, "09:00", "10:00", 6);
        await clinician.PostAsync($"/api/v1/doctors/{doctor}/call-next", null, HttpStatusCode.Conflict);
        var walkIn = await CheckedInAsync(admin, clinician, doctor, slot, "Walk In", "walk_in");
        var paid = await CheckedInAsync(admin, clinician, doctor, slot, "Paid Patient", "paid");
        await admin.AllocateAsync(doctor, slot, "Not Here");

        var first = await clinician.PostAsync($"/api/v1/doctors/{doctor}/call-next", null, HttpStatusCode.OK);
        var busy = await clinician.PostAsync($"/api/v1/doctors/{doctor}/call-next", null, HttpStatusCode.Conflict);
        await desk.PostAsync($"/api/v1/doctors/{doctor}/call-next", null, HttpStatusCode.Forbidden);
        await clinician.PostAsync("/api/v1/doctors/D999/call-next", null, HttpStatusCode.NotFound);
        await clinician.CallAsync(
            HttpMethod.Patch,
            $"/api/v1/tokens/{paid}/status",
            new { status = "completed" },
            HttpStatusCode.OK
        );
        var second = await clinician.PostAsync($"/api/v1/doctors/{doctor}/call-next", null, HttpStatusCode.OK);

        Assert.Equal(paid, (string)first!["id"]!);
        Assert.Equal("consulting", (string)first["status"]!);
        Assert.Equal("conflict", (string)busy!["code"]!);
        Assert.Contains("in consultation", (string)busy["detail"]!, StringComparison.Ordinal);
        Assert.Equal(walkIn, (string)second!["id"]!);
    }

    [Fact]
    public async Task Two_clinicians_calling_at_once_start_one_consultation()
    {
        await using var factory = new ApiFactory();
        using var admin = factory.Client();
        using var clinician = factory.Client(ApiFactory.ClinicianKey);
        using var other = factory.Client(ApiFactory.ClinicianKey);
        var doctor = await admin.CreateDoctorAsync();
        var slot = await admin.CreateSlotAsync(doctor, "09:00", "10:00", 6);
        for (var i = 0; i < 3; i++)
        {
            await CheckedInAsync(admin, clinician, doctor, slot, $"Patient {i}", "walk_in");
        }

        var calls = await Task.WhenAll(
            clinician.SendAsync(HttpMethod.Post, $"/api/v1/doctors/{doctor}/call-next"),
            other.SendAsync(HttpMethod.Post, $"/api/v1/doctors/{doctor}/call-next")
        );

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], calls.Select(c => c.StatusCode).Order().ToArray());
        var consulting = (await admin.GetAsync($"/api/v1/tokens?doctorId={doctor}&status=consulting"))!.AsArray();
        Assert.Single(consulting);
        foreach (var call in calls)
        {
            call.Dispose();
        }
    }

    [Fact]
    public async Task Queue_estimates_follow_the_doctors_observed_pace_and_are_never_in_the_past()
    {
        await using var factory = new ApiFactory();
        using var admin = factory.Client();
        using var clinician = factory.Client(ApiFactory.ClinicianKey);
        var doctor = await admin.CreateDoctorAsync();
        var slot = await admin.CreateSlotAsync(doctor, "09:00", "10:00", 6);
        var tokens = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            tokens.Add(await CheckedInAsync(admin, clinician, doctor, slot, $"Patient {i}", "walk_in"));
        }

        factory.Clock.Advance(TimeSpan.FromHours(1));
        foreach (var token in tokens.Take(3))
        {
            await clinician.CallAsync(
                HttpMethod.Patch,
                $"/api/v1/tokens/{token}/status",
                new { status = "consulting" },
                HttpStatusCode.OK
            );
            factory.Clock.Advance(TimeSpan.FromMinutes(20));
            await clinician.CallAsync(
                HttpMethod.Patch,
                $"/api/v1/tokens/{token}/status",
                new { status = "completed" },
                HttpStatusCode.OK
            );
        }

        var queue = (await admin.GetAsync($"/api/v1/slots/{slot}/queue"))!.AsArray();
        var starts = queue
            .Select(t =>
                DateTimeOffset.Parse((string)t!["estimatedStart"]!, System.Globalization.CultureInfo.InvariantCulture)
            )
            .ToList();

        // 10:00: three 20-minute consultations and the slot's nominal 10 minutes counted twice: 16 minutes each.
        var now = factory.Clock.GetUtcNow();
        Assert.Equal(2, starts.Count);
        Assert.Equal(now, starts[0]);
        Assert.Equal(now.AddMinutes(16), starts[1]);
        var single = await admin.GetAsync($"/api/v1/tokens/{tokens[4]}");
        Assert.Equal(
            starts[1],
            DateTimeOffset.Parse((string)single!["estimatedStart"]!, System.Globalization.CultureInfo.InvariantCulture)
        );
    }

    [Fact]
    public async Task The_pages_are_served_to_anyone_with_a_strict_content_security_policy_and_no_external_address()
    {
        await using var factory = new ApiFactory();
        using var anonymous = factory.Client(null);
        foreach (
            var path in new[]
            {
                "/board/D1,D2",
                "/board/connect",
                "/consult/D1",
                "/board-assets/board.js",
                "/board-assets/board.css",
                "/board-assets/consult.js",
                "/board-assets/connect.js",
            }
        )
        {
            using var response = await anonymous.SendAsync(HttpMethod.Get, path);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            Assert.Contains(
                "default-src 'none'",
                response.Headers.GetValues("Content-Security-Policy").Single(),
                StringComparison.Ordinal
            );
            Assert.DoesNotContain("http://", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("https://", text, StringComparison.OrdinalIgnoreCase);
        }

        using var hidden = await anonymous.SendAsync(HttpMethod.Get, "/board-assets/board.html");
        using var missing = await anonymous.SendAsync(HttpMethod.Get, "/board-assets/nothing.js");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        await anonymous.GetAsync("/api/v1/board?doctors=D1", HttpStatusCode.Unauthorized);
    }

    private static async Task<string> CheckedInAsync(
        ApiClient admin,
        ApiClient clinician,
        string doctor,
        string slot,
        string name,
        string source
    )
    {
        var token = (string)(await admin.AllocateAsync(doctor, slot, name, source))["token"]!["id"]!;
        await clinician.CallAsync(
            HttpMethod.Patch,
            $"/api/v1/tokens/{token}/status",
            new { status = "checked_in" },
            HttpStatusCode.OK
        );
        return token;
    }
}
