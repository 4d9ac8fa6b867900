using System.Net;

namespace OpdTokens.Samples.Api.Tests.Endpoints;

public sealed class ConcurrencyTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly ApiClient _api = factory.Client();

    [Fact]
    public async Task Fifty_concurrent_requests_for_ten_seats_leave_exactly_ten_seat_holders()
    {
        var doctor = await _api.CreateDoctorAsync();
        var slot = await _api.CreateSlotAsync(doctor, "09:00", "10:00", 10);

        var responses = await Task.WhenAll(
            Enumerable
                .Range(1, 50)
                .Select(i =>
                    _api.SendAsync(
                        HttpMethod.Post,
                        "/api/v1/tokens",
                        new
                        {
                            doctorId = doctor,
                            slotId = slot,
                            patientName = $"Patient {i}",
                            source = "walk_in",
                        }
                    )
                )
        );

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        foreach (var response in responses)
        {
            response.Dispose();
        }

        Assert.Equal(10, (int)(await _api.GetAsync($"/api/v1/slots/{slot}"))!["currentCount"]!);
        Assert.Equal(10, (await _api.GetAsync($"/api/v1/slots/{slot}/queue"))!.AsArray().Count);
        Assert.Equal(10, (await _api.GetAsync($"/api/v1/tokens?slotId={slot}&status=allocated"))!.AsArray().Count);
        Assert.Equal(40, (await _api.GetAsync($"/api/v1/tokens?doctorId={doctor}&status=waitlisted"))!.AsArray().Count);
    }
}
