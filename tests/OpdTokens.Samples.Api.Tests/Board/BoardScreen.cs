using System.Net;

namespace OpdTokens.Samples.Api.Tests.Board;

/// <summary>A waiting-room screen: a client without an API key that swapped a board link's secret for its cookie.</summary>
internal static class BoardScreen
{
    public static async Task<ApiClient> ConnectAsync(ApiFactory factory, string secret)
    {
        var screen = factory.Client(apiKey: null);
        using var session = await screen.SendAsync(HttpMethod.Post, "/board/session", new { secret });
        Assert.Equal(HttpStatusCode.OK, session.StatusCode);
        screen.Http.DefaultRequestHeaders.Add("Cookie", session.Headers.GetValues("Set-Cookie").Single().Split(';')[0]);
        return screen;
    }
}
