using System.Text.Json.Nodes;
using OpdTokens.Samples.Api.Tests.Live;

namespace OpdTokens.Samples.Api.Tests.Security;

public sealed class DisplayRoleTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly ApiClient _admin = factory.Client();

    [Fact]
    public async Task A_display_sees_initials_and_no_phone_on_the_queue_and_its_stream()
    {
        var doctor = await _admin.CreateDoctorAsync();
        var slot = await _admin.CreateSlotAsync(doctor, "09:00", "10:00", 3);
        await _admin.PostAsync(
            "/api/v1/tokens",
            new
            {
                doctorId = doctor,
                slotId = slot,
                patientName = "ravi  Kumar Sharma",
                patientPhone = "+91 99887 76655",
                patientId = "MRN-555",
                source = "walk_in",
            },
            System.Net.HttpStatusCode.Created
        );
        using var display = factory.Client(ApiFactory.DisplayKey);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var queue = (await display.GetAsync($"/api/v1/slots/{slot}/queue"))!.AsArray();
        using var stream = await QueueStream.OpenAsync(display, slot, timeout.Token);
        var streamed = await stream.NextAsync(timeout.Token);
        var full = (await _admin.GetAsync($"/api/v1/slots/{slot}/queue"))!.AsArray();

        foreach (var seen in new[] { queue, streamed })
        {
            var token = Assert.Single(seen)!.AsObject();
            Assert.Equal("R. K. S.", (string)token["patientName"]!);
            Assert.False(token.ContainsKey("patientPhone"));
            Assert.False(token.ContainsKey("patientId"));
            Assert.DoesNotContain("Kumar", token.ToJsonString(), StringComparison.Ordinal);
            Assert.Equal(1, (int)token["queuePosition"]!);
        }

        var adminView = Assert.Single(full)!;
        Assert.Equal("ravi  Kumar Sharma", (string)adminView["patientName"]!);
        Assert.Equal("+91 99887 76655", (string)adminView["patientPhone"]!);
    }
}
