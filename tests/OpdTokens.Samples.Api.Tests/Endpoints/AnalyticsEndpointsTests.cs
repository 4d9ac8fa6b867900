using System.Net;

namespace OpdTokens.Samples.Api.Tests.Endpoints;

public sealed class AnalyticsEndpointsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly ApiClient _api = factory.Client();

    [Fact]
    public async Task Slot_doctor_day_and_system_figures_follow_the_tokens()
    {
        var doctor = await _api.CreateDoctorAsync();
        var slot = await _api.CreateSlotAsync(doctor, "09:00", "10:00", 2);
        await _api.AllocateAsync(doctor, slot, "Patient One", "paid");
        var walkIn = (string)(await _api.AllocateAsync(doctor, slot, "Patient Two"))["token"]!["id"]!;
        await _api.AllocateAsync(doctor, slot, "Patient Three");
        await _api.PostAsync($"/api/v1/tokens/{walkIn}/no-show", null, HttpStatusCode.OK);

        var slotFigures = await _api.GetAsync($"/api/v1/analytics/slots/{slot}");
        Assert.Equal(2, (int)slotFigures!["capacity"]!);
        Assert.Equal(2, (int)slotFigures["occupancy"]!);
        Assert.Equal(1.0, (double)slotFigures["utilization"]!);
        Assert.Equal(2, (int)slotFigures["waiting"]!);
        Assert.Equal(1, (int)slotFigures["byStatus"]!["no_show"]!);
        Assert.Equal(2, (int)slotFigures["byStatus"]!["allocated"]!);
        Assert.Equal(1, (int)slotFigures["bySource"]!["paid"]!);
        Assert.Equal(1, (int)slotFigures["bySource"]!["walk_in"]!);

        var day = await _api.GetAsync($"/api/v1/analytics/doctors/{doctor}/day/{ApiFactory.Today}");
        Assert.Equal(1, (int)day!["slots"]!);
        Assert.Equal(2, (int)day["capacity"]!);
        Assert.Equal(2, (int)day["occupancy"]!);
        Assert.Equal(1.0, (double)day["utilization"]!);
        Assert.Equal(0, (int)day["waitlisted"]!);
        Assert.Equal(0, (int)day["cancelled"]!);
        Assert.Equal(1, (int)day["noShows"]!);
        Assert.Equal(0, (int)day["emergencies"]!);
        Assert.Equal(0, (int)day["bumps"]!);
        Assert.Equal(0, (int)day["overflows"]!);

        var system = await _api.GetAsync("/api/v1/analytics/system/status");
        foreach (var figure in new[] { "doctors", "slots", "tokens", "waitlisted" })
        {
            Assert.True((int)system![figure]! >= 0, figure);
        }

        Assert.True((int)system!["tokens"]! >= 3);
        Assert.True((int)system["byStatus"]!["no_show"]! >= 1);
    }

    [Fact]
    public async Task Unknown_doctor_is_not_found_and_a_bad_date_is_a_validation_error()
    {
        var doctor = await _api.CreateDoctorAsync();

        await _api.GetAsync($"/api/v1/analytics/doctors/D55555/day/{ApiFactory.Today}", HttpStatusCode.NotFound);
        var problem = await _api.GetAsync(
            $"/api/v1/analytics/doctors/{doctor}/day/2026-13-01",
            HttpStatusCode.BadRequest
        );
        Assert.NotNull(problem!["errors"]!["date"]);
    }
}
