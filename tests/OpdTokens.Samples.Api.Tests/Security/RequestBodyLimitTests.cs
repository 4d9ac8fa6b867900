using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace OpdTokens.Samples.Api.Tests.Security;

public sealed class RequestBodyLimitTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly ApiClient _api = factory.Client();

    [Fact]
    public async Task A_body_over_16_KB_is_413_whether_its_length_is_declared_or_streamed()
    {
        var doctor = await _api.CreateDoctorAsync();
        var body = Body(doctor, 20 * 1024);

        using var declared = await _api.Http.PostAsync(
            "/api/v1/tokens",
            new StringContent(body, Encoding.UTF8, "application/json")
        );
        var streamedContent = new StreamContent(new UnknownLengthStream(Encoding.UTF8.GetBytes(body)));
        streamedContent.Headers.ContentType = new("application/json");
        using var streamed = await _api.Http.PostAsync("/api/v1/tokens", streamedContent);

        foreach (var response in new[] { declared, streamed })
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal("payload_too_large", (string)problem["code"]!);
        }

        Assert.Empty((await _api.GetAsync($"/api/v1/tokens?doctorId={doctor}"))!.AsArray());
    }

    [Fact]
    public async Task A_body_just_under_16_KB_is_read()
    {
        var doctor = await _api.CreateDoctorAsync();
        var body = Body(doctor, 16 * 1024 - 200);

        using var response = await _api.Http.PostAsync(
            "/api/v1/tokens",
            new StringContent(body, Encoding.UTF8, "application/json")
        );

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>A valid request padded with a property the contract ignores, to the given size in bytes.</summary>
    private static string Body(string doctor, int size)
    {
        var head = $"{{\"doctorId\":\"{doctor}\",\"patientName\":\"Padded\",\"source\":\"walk_in\",\"note\":\"";
        return head + new string('x', size - head.Length - 2) + "\"}";
    }

    /// <summary>A body whose length the client cannot know, so it is sent without Content-Length.</summary>
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
