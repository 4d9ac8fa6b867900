using System.Net;

namespace OpdTokens.Samples.Api.Tests.Endpoints;

/// <summary>An emergency for a patient who already holds a token of the doctor-day cancels that token in the same
/// command, and the answer says which (<c>replacedToken</c>).</summary>
/// <remarks>HOOK(a) of the library: these tests hold whether the host finds the token itself (today) or reads
/// <c>AllocationResult.ReplacedToken</c> (once the library has it).</remarks>
public sealed class ReplacedTokenTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly ApiClient _api = factory.Client();

    [Fact]
    public async Task An_emergency_names_the_token_it_replaced()
    {
        var doctor = await _api.CreateDoctorAsync();
        var slot = await _api.CreateSlotAsync(doctor, "09:00", "10:00", 4);
        var booked = (await Book(doctor, slot, "follow_up", HttpStatusCode.Created))!["token"]!;
        await Book(doctor, slot, "walk_in", HttpStatusCode.Created, patientId: "MRN-OTHER");

        var emergency = (await Book(doctor, slot, "emergency", HttpStatusCode.Created))!;

        var replaced = emergency["replacedToken"]!;
        Assert.Equal((string)booked["id"]!, (string)replaced["id"]!);
        Assert.Equal("cancelled", (string)replaced["status"]!);
        Assert.Equal("cancelled", (string)(await _api.GetAsync($"/api/v1/tokens/{booked["id"]}"))!["status"]!);
    }

    [Fact]
    public async Task A_booking_that_replaces_nothing_says_so()
    {
        var doctor = await _api.CreateDoctorAsync();
        var slot = await _api.CreateSlotAsync(doctor, "09:00", "10:00", 4);

        var first = (await Book(doctor, slot, "emergency", HttpStatusCode.Created))!;
        var walkIn = (await Book(doctor, slot, "walk_in", HttpStatusCode.Created, patientId: "MRN-2"))!;

        Assert.Null(first["replacedToken"]);
        Assert.Null(walkIn["replacedToken"]);
        Assert.True(first.AsObject().ContainsKey("replacedToken"));
    }

    private Task<System.Text.Json.Nodes.JsonNode?> Book(
        string doctor,
        string slot,
        string source,
        HttpStatusCode expected,
        string patientId = "MRN-1"
    ) =>
        _api.PostAsync(
            "/api/v1/tokens",
            new
            {
                doctorId = doctor,
                slotId = slot,
                patientName = "Asha Rao",
                patientId,
                source,
            },
            expected
        );
}
