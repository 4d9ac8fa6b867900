using System.Net;

namespace OpdTokens.Samples.Api.Tests.Endpoints;

public sealed class SlotEndpointsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly ApiClient _api = factory.Client();

    [Fact]
    public async Task Slots_are_created_read_and_listed_by_start_time()
    {
        var doctor = await _api.CreateDoctorAsync();
        using var response = await _api.SendAsync(
            HttpMethod.Post,
            "/api/v1/slots",
            new
            {
                doctorId = doctor,
                date = ApiFactory.Today,
                startTime = "10:30",
                endTime = "11:15",
                maxCapacity = 5,
            }
        );
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var later = $"S-{doctor}-20261121-1";
        Assert.Equal($"/api/v1/slots/{later}", response.Headers.Location!.OriginalString);
        var earlier = await _api.CreateSlotAsync(doctor, "09:00", "10:00", 2);
        await _api.AllocateAsync(doctor, earlier, "Patient One");

        var slot = await _api.GetAsync($"/api/v1/slots/{earlier}");
        Assert.Equal(earlier, (string)slot!["id"]!);
        Assert.Equal(doctor, (string)slot["doctorId"]!);
        Assert.Equal(ApiFactory.Today, (string)slot["date"]!);
        Assert.Equal("09:00", (string)slot["startTime"]!);
        Assert.Equal("10:00", (string)slot["endTime"]!);
        Assert.Equal(2, (int)slot["maxCapacity"]!);
        Assert.Equal(1, (int)slot["currentCount"]!);
        Assert.True((bool)slot["isActive"]!);

        var listed = (await _api.GetAsync($"/api/v1/slots?doctorId={doctor}&date={ApiFactory.Today}"))!.AsArray();
        Assert.Equal([earlier, later], listed.Select(s => (string)s!["id"]!).ToArray());
        var everyone = (await _api.GetAsync($"/api/v1/slots?date={ApiFactory.Today}"))!.AsArray();
        Assert.Contains(everyone, s => (string)s!["id"]! == later);
        Assert.Empty((await _api.GetAsync($"/api/v1/slots?doctorId={doctor}&date={ApiFactory.Tomorrow}"))!.AsArray());
    }

    [Theory]
    [InlineData("10:00", "09:00", 2, "endTime")]
    [InlineData("09:30", "10:30", 2, "startTime")]
    [InlineData("11:00", "12:00", 0, "maxCapacity")]
    [InlineData("11:00", "12:00", 1001, "maxCapacity")]
    public async Task Invalid_slots_are_validation_errors(string start, string end, int capacity, string field)
    {
        var doctor = await _api.CreateDoctorAsync();
        await _api.CreateSlotAsync(doctor, "09:00", "10:00", 2);

        var problem = await _api.PostAsync(
            "/api/v1/slots",
            new
            {
                doctorId = doctor,
                date = ApiFactory.Today,
                startTime = start,
                endTime = end,
                maxCapacity = capacity,
            },
            HttpStatusCode.BadRequest
        );

        Assert.Equal("validation_failed", (string)problem!["code"]!);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task A_slot_for_an_unknown_doctor_is_not_found_and_listing_one_too()
    {
        var problem = await _api.PostAsync(
            "/api/v1/slots",
            new
            {
                doctorId = "D77777",
                date = ApiFactory.Today,
                startTime = "09:00",
                endTime = "10:00",
                maxCapacity = 2,
            },
            HttpStatusCode.NotFound
        );

        Assert.Equal("not_found", (string)problem!["code"]!);
        await _api.GetAsync("/api/v1/slots?doctorId=D77777", HttpStatusCode.NotFound);
        await _api.GetAsync("/api/v1/slots?doctorId=no%20way", HttpStatusCode.BadRequest);
        await _api.GetAsync("/api/v1/slots?date=tomorrow", HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("GET", "/api/v1/slots/{0}")]
    [InlineData("POST", "/api/v1/slots/{0}/close")]
    [InlineData("GET", "/api/v1/slots/{0}/queue")]
    [InlineData("GET", "/api/v1/slots/{0}/queue/stream")]
    [InlineData("GET", "/api/v1/analytics/slots/{0}")]
    public async Task Unknown_or_unparsable_slots_are_not_found(string method, string template)
    {
        foreach (var id in new[] { "S-D77777-20261121-1", "slot-one", "S-D1-2026-1" })
        {
            var problem = await _api.CallAsync(
                new HttpMethod(method),
                string.Format(System.Globalization.CultureInfo.InvariantCulture, template, id),
                null,
                HttpStatusCode.NotFound
            );
            Assert.Equal("not_found", (string)problem!["code"]!);
        }
    }

    [Fact]
    public async Task Resizing_grows_from_the_waitlist_and_refuses_to_shrink_below_occupancy()
    {
        var doctor = await _api.CreateDoctorAsync();
        var slot = await _api.CreateSlotAsync(doctor, "09:00", "10:00", 1);
        await _api.AllocateAsync(doctor, slot, "Patient One");
        var waiting = await _api.AllocateAsync(doctor, slot, "Patient Two");
        Assert.Equal("waitlisted", (string)waiting["outcome"]!);

        var grown = await _api.PostAsync($"/api/v1/slots/{slot}/resize", new { maxCapacity = 2 }, HttpStatusCode.OK);
        Assert.Equal(2, (int)grown!["slot"]!["currentCount"]!);
        Assert.Equal((string)waiting["token"]!["id"]!, (string)Assert.Single(grown["movedTokens"]!.AsArray())!["id"]!);

        var refused = await _api.PostAsync(
            $"/api/v1/slots/{slot}/resize",
            new { maxCapacity = 1 },
            HttpStatusCode.Conflict
        );
        Assert.Equal("capacity_below_occupancy", (string)refused!["code"]!);
        var missing = await _api.PostAsync($"/api/v1/slots/{slot}/resize", "{}", HttpStatusCode.BadRequest);
        Assert.NotNull(missing!["errors"]!["maxCapacity"]);
    }
}
