using System.Net;

namespace OpdTokens.Samples.Api.Tests.Endpoints;

public sealed class DoctorEndpointsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly ApiClient _api = factory.Client();

    [Fact]
    public async Task Doctors_are_created_listed_and_read()
    {
        using var response = await _api.SendAsync(
            HttpMethod.Post,
            "/api/v1/doctors",
            new
            {
                name = "Dr. Kavya Menon",
                specialty = "Paediatrics",
                id = "KM-7",
            }
        );
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/v1/doctors/KM-7", response.Headers.Location!.OriginalString);

        var doctor = await _api.GetAsync("/api/v1/doctors/KM-7");
        Assert.Equal("KM-7", (string)doctor!["id"]!);
        Assert.Equal("Dr. Kavya Menon", (string)doctor["name"]!);
        Assert.Equal("Paediatrics", (string)doctor["specialty"]!);
        Assert.True((bool)doctor["isActive"]!);
        var all = (await _api.GetAsync("/api/v1/doctors"))!.AsArray();
        Assert.Contains(all, d => (string)d!["id"]! == "KM-7");
    }

    [Fact]
    public async Task A_taken_id_is_a_conflict()
    {
        var id = await _api.CreateDoctorAsync();

        var problem = await _api.PostAsync(
            "/api/v1/doctors",
            new
            {
                name = "Dr. Again",
                specialty = "Cardiology",
                id,
            },
            HttpStatusCode.Conflict
        );

        Assert.Equal("conflict", (string)problem!["code"]!);
    }

    [Fact]
    public async Task Missing_or_invalid_fields_are_reported_per_field()
    {
        var missing = await _api.PostAsync("/api/v1/doctors", "{}", HttpStatusCode.BadRequest);
        var invalid = await _api.PostAsync(
            "/api/v1/doctors",
            new
            {
                name = new string('x', 101),
                specialty = "Cardiology",
                id = "bad id!",
            },
            HttpStatusCode.BadRequest
        );

        Assert.NotNull(missing!["errors"]!["name"]);
        Assert.NotNull(missing["errors"]!["specialty"]);
        Assert.NotNull(invalid!["errors"]!["id"]);
        var tooLong = await _api.PostAsync(
            "/api/v1/doctors",
            new { name = new string('x', 101), specialty = "Cardiology" },
            HttpStatusCode.BadRequest
        );
        Assert.NotNull(tooLong!["errors"]!["name"]);
    }

    [Theory]
    [InlineData("D99999")]
    [InlineData("not a doctor")]
    [InlineData("-x")]
    public async Task Unknown_or_unparsable_doctor_is_not_found(string id)
    {
        var path = $"/api/v1/doctors/{Uri.EscapeDataString(id)}";

        Assert.Equal("not_found", (string)(await _api.GetAsync(path, HttpStatusCode.NotFound))!["code"]!);
        var delay = await _api.PostAsync($"{path}/delay", new { minutes = 10 }, HttpStatusCode.NotFound);
        Assert.Equal("not_found", (string)delay!["code"]!);
    }

    [Fact]
    public async Task A_deactivated_doctor_is_unavailable_for_tokens_and_slots()
    {
        var doctor = await _api.CreateDoctorAsync();
        await _api.CreateSlotAsync(doctor, "09:00", "10:00", 2);

        var deactivated = await _api.PostAsync($"/api/v1/doctors/{doctor}/deactivate", null, HttpStatusCode.OK);
        var token = await _api.AllocateAsync(doctor, null, "Patient One", expected: HttpStatusCode.Conflict);
        var slot = await _api.PostAsync(
            "/api/v1/slots",
            new
            {
                doctorId = doctor,
                date = ApiFactory.Today,
                startTime = "10:00",
                endTime = "11:00",
                maxCapacity = 2,
            },
            HttpStatusCode.Conflict
        );

        Assert.False((bool)deactivated!["isActive"]!);
        Assert.Equal("doctor_unavailable", (string)token["code"]!);
        Assert.Equal("doctor_unavailable", (string)slot!["code"]!);
    }

    [Theory]
    [InlineData("{\"minutes\":-5}", "minutes")]
    [InlineData("{\"minutes\":721}", "minutes")]
    [InlineData("{\"date\":\"" + ApiFactory.Today + "\"}", "minutes")]
    [InlineData("{\"minutes\":5,\"date\":\"21/11/2026\"}", "date")]
    public async Task Invalid_delay_reports_are_validation_errors(string body, string field)
    {
        var doctor = await _api.CreateDoctorAsync();

        var problem = await _api.PostAsync($"/api/v1/doctors/{doctor}/delay", body, HttpStatusCode.BadRequest);

        Assert.NotNull(problem!["errors"]![field]);
    }
}
