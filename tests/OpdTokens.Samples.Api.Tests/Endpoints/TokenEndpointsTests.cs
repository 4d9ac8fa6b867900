using System.Net;
using System.Text.Json.Nodes;

namespace OpdTokens.Samples.Api.Tests.Endpoints;

public sealed class TokenEndpointsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly ApiClient _api = factory.Client();

    [Fact]
    public async Task Allocation_answers_201_with_the_contract_token_shape()
    {
        var doctor = await _api.CreateDoctorAsync();
        var slot = await _api.CreateSlotAsync(doctor, "09:00", "10:00", 4);

        using var response = await _api.SendAsync(
            HttpMethod.Post,
            "/api/v1/tokens",
            new
            {
                doctorId = doctor,
                slotId = slot,
                patientName = "Asha Verma",
                patientPhone = "+91 98765 43210",
                patientId = "MRN-1",
                source = "follow_up",
            }
        );
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var token = body["token"]!;
        Assert.Equal($"/api/v1/tokens/{token["id"]}", response.Headers.Location!.OriginalString);
        Assert.Equal("allocated", (string)body["outcome"]!);
        Assert.Null(body["bumpedToken"]);
        Assert.Empty(body["alternatives"]!.AsArray());

        Assert.Equal($"T-{doctor}-20261121-1", (string)token["id"]!);
        Assert.Equal($"DOC{doctor}-20261121-0001", (string)token["tokenNumber"]!);
        Assert.Equal(doctor, (string)token["doctorId"]!);
        Assert.Equal(ApiFactory.Today, (string)token["date"]!);
        Assert.Equal(slot, (string)token["slotId"]!);
        Assert.Equal("Asha Verma", (string)token["patientName"]!);
        Assert.Equal("+91 98765 43210", (string)token["patientPhone"]!);
        Assert.Equal("MRN-1", (string)token["patientId"]!);
        Assert.Equal("follow_up", (string)token["source"]!);
        Assert.Equal("allocated", (string)token["status"]!);
        Assert.Equal(50, (int)token["priorityScore"]!);
        Assert.Equal(1, (int)token["sequenceNumber"]!);
        Assert.False((bool)token["isEmergency"]!);
        Assert.False((bool)token["isOverflow"]!);
        Assert.Equal(1, (int)token["queuePosition"]!);
        Assert.Equal("2026-11-21T09:00:00+05:30", (string)token["estimatedStart"]!);
        Assert.Equal("2026-11-21T08:00:00+05:30", (string)token["createdAt"]!);
        Assert.Equal("2026-11-21T08:00:00+05:30", (string)token["allocatedAt"]!);
        foreach (var unset in new[] { "checkedInAt", "completedAt", "cancelledAt" })
        {
            Assert.True(token.AsObject().ContainsKey(unset), unset);
            Assert.Null(token[unset]);
        }
    }

    [Fact]
    public async Task Date_defaults_to_the_slots_date_else_today()
    {
        var doctor = await _api.CreateDoctorAsync();
        var tomorrow = await _api.CreateSlotAsync(doctor, "09:00", "10:00", 4, ApiFactory.Tomorrow);
        await _api.CreateSlotAsync(doctor, "11:00", "12:00", 4);

        var inSlot = await _api.AllocateAsync(doctor, tomorrow, "Patient One");
        var today = await _api.AllocateAsync(doctor, null, "Patient Two");

        Assert.Equal(ApiFactory.Tomorrow, (string)inSlot["token"]!["date"]!);
        Assert.Equal(ApiFactory.Today, (string)today["token"]!["date"]!);
    }

    [Fact]
    public async Task Tokens_are_found_by_id_and_number_and_listed_by_filters()
    {
        var doctor = await _api.CreateDoctorAsync();
        var s1 = await _api.CreateSlotAsync(doctor, "09:00", "10:00", 1);
        var s2 = await _api.CreateSlotAsync(doctor, "10:00", "11:00", 1);
        var first = (await _api.AllocateAsync(doctor, s1, "Patient One"))["token"]!;
        var second = (await _api.AllocateAsync(doctor, s2, "Patient Two"))["token"]!;
        var waiting = (await _api.AllocateAsync(doctor, null, "Patient Three"))["token"]!;

        var byId = await _api.GetAsync($"/api/v1/tokens/{first["id"]}");
        var byNumber = await _api.GetAsync($"/api/v1/tokens/number/{first["tokenNumber"]}");
        Assert.Equal((string)first["id"]!, (string)byId!["id"]!);
        Assert.Equal((string)first["id"]!, (string)byNumber!["id"]!);

        var all = (await _api.GetAsync($"/api/v1/tokens?doctorId={doctor}&date={ApiFactory.Today}"))!.AsArray();
        Assert.Equal(3, all.Count);
        var blankFilters = (await _api.GetAsync($"/api/v1/tokens?doctorId={doctor}&date=&slotId=&status="))!.AsArray();
        Assert.Equal(3, blankFilters.Count);
        var inSlot = (await _api.GetAsync($"/api/v1/tokens?slotId={s2}"))!.AsArray();
        Assert.Equal((string)second["id"]!, (string)Assert.Single(inSlot)!["id"]!);
        var waitlisted = (await _api.GetAsync($"/api/v1/tokens?doctorId={doctor}&status=waitlisted"))!.AsArray();
        var listed = Assert.Single(waitlisted)!;
        Assert.Equal((string)waiting["id"]!, (string)listed["id"]!);
        Assert.Null(listed["slotId"]);
        Assert.Null(listed["queuePosition"]);
        Assert.Null(listed["estimatedStart"]);
    }

    [Theory]
    [InlineData("/api/v1/tokens/not-a-token")]
    [InlineData("/api/v1/tokens/T-D404-20261121-1")]
    [InlineData("/api/v1/tokens/number/DOCD404-20261121-0001")]
    [InlineData("/api/v1/tokens/number/whatever")]
    public async Task Unknown_or_unparsable_token_ids_are_not_found(string path)
    {
        var problem = await _api.GetAsync(path, HttpStatusCode.NotFound);
        Assert.Equal("not_found", (string)problem!["code"]!);
    }

    [Fact]
    public async Task Status_moves_through_check_in_consultation_and_completion()
    {
        var doctor = await _api.CreateDoctorAsync();
        var slot = await _api.CreateSlotAsync(doctor, "09:00", "10:00", 2);
        var id = (string)(await _api.AllocateAsync(doctor, slot, "Patient One"))["token"]!["id"]!;

        var checkedIn = await PatchStatusAsync(id, "checked_in", HttpStatusCode.OK);
        Assert.Equal("checked_in", (string)checkedIn!["status"]!);
        Assert.Equal("2026-11-21T08:00:00+05:30", (string)checkedIn["checkedInAt"]!);
        Assert.Equal(1, (int)checkedIn["queuePosition"]!);
        var consulting = await PatchStatusAsync(id, "consulting", HttpStatusCode.OK);
        Assert.Null(consulting!["queuePosition"]);
        var completed = await PatchStatusAsync(id, "completed", HttpStatusCode.OK);
        Assert.Equal("completed", (string)completed!["status"]!);
        Assert.NotNull(completed["completedAt"]);

        var refused = await PatchStatusAsync(id, "cancelled", HttpStatusCode.Conflict);
        Assert.Equal("invalid_transition", (string)refused!["code"]!);
    }

    [Theory]
    [InlineData("waitlisted")]
    [InlineData("allocated")]
    [InlineData("CheckedIn")]
    [InlineData("done")]
    public async Task Status_outside_the_settable_ones_is_a_validation_error(string status)
    {
        var doctor = await _api.CreateDoctorAsync();
        var slot = await _api.CreateSlotAsync(doctor, "09:00", "10:00", 2);
        var id = (string)(await _api.AllocateAsync(doctor, slot, "Patient One"))["token"]!["id"]!;

        var problem = await PatchStatusAsync(id, status, HttpStatusCode.BadRequest);

        Assert.Equal("validation_failed", (string)problem!["code"]!);
        Assert.NotNull(problem["errors"]!["status"]);
    }

    [Fact]
    public async Task Reallocation_moves_a_token_to_a_slot_with_room_and_refuses_a_full_one()
    {
        var doctor = await _api.CreateDoctorAsync();
        var s1 = await _api.CreateSlotAsync(doctor, "09:00", "10:00", 2);
        var s2 = await _api.CreateSlotAsync(doctor, "10:00", "11:00", 1);
        var a = (string)(await _api.AllocateAsync(doctor, s1, "Patient One"))["token"]!["id"]!;
        var b = (string)(await _api.AllocateAsync(doctor, s1, "Patient Two"))["token"]!["id"]!;

        var moved = await _api.PostAsync(
            $"/api/v1/tokens/{a}/reallocate",
            new { slotId = s2, reason = "Asked for later" },
            HttpStatusCode.OK
        );
        Assert.Equal(s2, (string)moved!["slotId"]!);

        var full = await _api.PostAsync($"/api/v1/tokens/{b}/reallocate", new { slotId = s2 }, HttpStatusCode.Conflict);
        Assert.Equal("slot_full", (string)full!["code"]!);
        var badId = await _api.PostAsync(
            $"/api/v1/tokens/{b}/reallocate",
            new { slotId = "S-nope" },
            HttpStatusCode.BadRequest
        );
        Assert.NotNull(badId!["errors"]!["slotId"]);
        var unknown = await _api.PostAsync(
            $"/api/v1/tokens/{b}/reallocate",
            new { slotId = $"S-{doctor}-20261121-9" },
            HttpStatusCode.NotFound
        );
        Assert.Equal("not_found", (string)unknown!["code"]!);
    }

    [Fact]
    public async Task Full_day_without_waitlist_is_slot_full_with_alternatives_and_creates_nothing()
    {
        var doctor = await _api.CreateDoctorAsync("Dermatology");
        var colleague = await _api.CreateDoctorAsync("Dermatology");
        var slot = await _api.CreateSlotAsync(doctor, "09:00", "10:00", 1);
        var free = await _api.CreateSlotAsync(colleague, "09:00", "10:00", 3);
        await _api.AllocateAsync(doctor, slot, "Patient One");

        var problem = await _api.PostAsync(
            "/api/v1/tokens",
            new
            {
                doctorId = doctor,
                slotId = slot,
                patientName = "Patient Two",
                source = "walk_in",
                waitlistIfFull = false,
            },
            HttpStatusCode.Conflict
        );

        Assert.Equal("slot_full", (string)problem!["code"]!);
        var alternative = Assert.Single(problem["alternatives"]!.AsArray())!;
        Assert.Equal(free, (string)alternative["slotId"]!);
        Assert.Equal(colleague, (string)alternative["doctorId"]!);
        Assert.Equal(ApiFactory.Today, (string)alternative["date"]!);
        Assert.Equal("09:00", (string)alternative["startTime"]!);
        Assert.Equal("10:00", (string)alternative["endTime"]!);
        Assert.Equal(3, (int)alternative["freeSeats"]!);
        Assert.Single((await _api.GetAsync($"/api/v1/tokens?doctorId={doctor}"))!.AsArray());
    }

    [Fact]
    public async Task Waitlisted_request_reports_alternatives()
    {
        var doctor = await _api.CreateDoctorAsync("Neurology");
        var colleague = await _api.CreateDoctorAsync("Neurology");
        var slot = await _api.CreateSlotAsync(doctor, "09:00", "10:00", 1);
        await _api.CreateSlotAsync(colleague, "09:00", "10:00", 2);
        await _api.AllocateAsync(doctor, slot, "Patient One");

        var waiting = await _api.AllocateAsync(doctor, slot, "Patient Two");

        Assert.Equal("waitlisted", (string)waiting["outcome"]!);
        Assert.Equal("waitlisted", (string)waiting["token"]!["status"]!);
        Assert.Null(waiting["token"]!["slotId"]);
        Assert.Single(waiting["alternatives"]!.AsArray());
    }

    [Theory]
    [InlineData("patientPhone", "12345")]
    [InlineData("patientName", "   ")]
    [InlineData("date", "2026-11-20")]
    public async Task Invalid_request_fields_are_named_in_the_validation_problem(string field, string value)
    {
        var doctor = await _api.CreateDoctorAsync();
        var body = new JsonObject
        {
            ["doctorId"] = doctor,
            ["patientName"] = "Patient One",
            ["source"] = "walk_in",
            [field] = value,
        };

        var problem = await _api.PostAsync("/api/v1/tokens", body.ToJsonString(), HttpStatusCode.BadRequest);

        Assert.Equal("validation_failed", (string)problem!["code"]!);
        Assert.Equal(400, (int)problem["status"]!);
        Assert.NotNull(problem["title"]);
        Assert.NotNull(problem["detail"]);
        Assert.NotEmpty(problem["errors"]![field]!.AsArray());
    }

    [Fact]
    public async Task Missing_required_fields_are_each_reported()
    {
        var problem = await _api.PostAsync("/api/v1/tokens", "{}", HttpStatusCode.BadRequest);

        var errors = problem!["errors"]!.AsObject();
        Assert.Equal(["doctorId", "patientName", "source"], errors.Select(e => e.Key).Order().ToArray());
    }

    [Fact]
    public async Task Unknown_doctor_or_slot_is_not_found_and_a_closed_slot_is_unavailable()
    {
        var doctor = await _api.CreateDoctorAsync();
        var slot = await _api.CreateSlotAsync(doctor, "09:00", "10:00", 2);
        await _api.PostAsync($"/api/v1/slots/{slot}/close", null, HttpStatusCode.OK);

        var noDoctor = await _api.AllocateAsync("D9999", null, "Patient One", expected: HttpStatusCode.NotFound);
        var noSlot = await _api.AllocateAsync(
            doctor,
            $"S-{doctor}-20261121-7",
            "Patient One",
            expected: HttpStatusCode.NotFound
        );
        var closed = await _api.AllocateAsync(doctor, slot, "Patient One", expected: HttpStatusCode.Conflict);

        Assert.Equal("not_found", (string)noDoctor["code"]!);
        Assert.Equal("not_found", (string)noSlot["code"]!);
        Assert.Equal("slot_unavailable", (string)closed["code"]!);
    }

    private Task<JsonNode?> PatchStatusAsync(string id, string status, HttpStatusCode expected) =>
        _api.CallAsync(HttpMethod.Patch, $"/api/v1/tokens/{id}/status", new { status }, expected);
}
