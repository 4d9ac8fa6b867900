using System.Net;
using OpdTokens.Samples.Api.Tests.Support;

namespace OpdTokens.Samples.Api.Tests.Problems;

public sealed class ConflictTests
{
    [Fact]
    public async Task A_command_that_keeps_losing_to_other_writers_is_a_409_conflict_with_retry_after()
    {
        using var store = new ScriptedStore();
        using var factory = new ApiFactory { Store = store };
        using var api = factory.Client();
        var doctor = await api.CreateDoctorAsync();
        var slot = await api.CreateSlotAsync(doctor, "09:00", "10:00", 2);

        store.Behaviour = StoreBehaviour.Conflicting;
        using var response = await api.SendAsync(
            HttpMethod.Post,
            "/api/v1/tokens",
            new
            {
                doctorId = doctor,
                slotId = slot,
                patientName = "Kavya Nair",
                source = "walk_in",
            }
        );

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("\"code\":\"conflict\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
    }
}
