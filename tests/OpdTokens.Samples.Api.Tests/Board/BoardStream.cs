using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace OpdTokens.Samples.Api.Tests.Board;

/// <summary>A client of <c>/api/v1/board/stream</c> that reads one server-sent <c>board</c> event at a time.</summary>
internal sealed class BoardStream : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private BoardStream(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body);
    }

    public static async Task<BoardStream> OpenAsync(
        ApiClient screen,
        string doctor,
        CancellationToken cancellationToken
    )
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/board/stream?doctors={doctor}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await screen.Http.SendAsync(
            request,
            HttpCompletionOption.ResponseHeadersRead,
            cancellationToken
        );
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return new BoardStream(response, await response.Content.ReadAsStreamAsync(cancellationToken));
    }

    /// <summary>Reads the next <c>board</c> event and returns its data; <see langword="null"/> when the stream
    /// ended.</summary>
    public async Task<JsonNode?> NextAsync(CancellationToken cancellationToken)
    {
        string? eventName = null;
        var data = new List<string>();
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0 && data.Count > 0)
            {
                Assert.Equal("board", eventName);
                return JsonNode.Parse(string.Join('\n', data));
            }

            if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                eventName = line[6..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Add(line[5..].TrimStart());
            }
        }

        return null;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
    }
}
