using System.Net;
using System.Net.Http.Json;

namespace OpdTokens.Samples.Api.Tests.Security;

public sealed class AuthenticationTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly ApiClient _admin = factory.Client();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong-key-0000000000000")]
    [InlineData("TEST-ADMIN-KEY-0000000001")]
    [InlineData("test-admin-key-000000000")]
    [InlineData("test-admin-key-0000000001 ")]
    public async Task A_missing_or_unknown_key_is_401_and_changes_nothing(string? key)
    {
        var doctor = await _admin.CreateDoctorAsync();
        var before = await CountTokensAsync(doctor);
        using var http = factory.CreateClient();

        foreach (var request in Requests(doctor))
        {
            using (request)
            {
                if (key is not null)
                {
                    request.Headers.TryAddWithoutValidation("X-Api-Key", key);
                }

                using var response = await http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{request.RequestUri}: {body}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
                Assert.Contains("\"code\":\"unauthorized\"", body, StringComparison.Ordinal);
                Assert.Contains("X-Api-Key", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            }
        }

        Assert.Equal(before, await CountTokensAsync(doctor));
    }

    [Fact]
    public async Task Two_keys_in_one_request_are_refused()
    {
        using var http = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/doctors");
        request.Headers.Add("X-Api-Key", [ApiFactory.DisplayKey, ApiFactory.AdminKey]);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<int> CountTokensAsync(string doctor) =>
        (await _admin.GetAsync($"/api/v1/tokens?doctorId={doctor}"))!.AsArray().Count;

    private static IEnumerable<HttpRequestMessage> Requests(string doctor)
    {
        yield return new HttpRequestMessage(HttpMethod.Get, "/api/v1/doctors");
        yield return new HttpRequestMessage(HttpMethod.Get, "/api/v1/slots/S-D1-20261121-1/queue/stream");
        yield return new HttpRequestMessage(HttpMethod.Post, "/api/v1/tokens")
        {
            Content = JsonContent.Create(
                new
                {
                    doctorId = doctor,
                    patientName = "Sneaky",
                    source = "walk_in",
                }
            ),
        };
        yield return new HttpRequestMessage(HttpMethod.Post, $"/api/v1/doctors/{doctor}/deactivate");
    }
}
