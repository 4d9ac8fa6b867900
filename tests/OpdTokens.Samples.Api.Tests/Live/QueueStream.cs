using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace OpdTokens.Samples.Api.Tests.Live;

/// <summary>A client of <c>/queue/stream</c> that reads one server-sent event at a time.</summary>
internal sealed class QueueStream : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private QueueStream(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body);
    }

    public static async Task<QueueStream> OpenAsync(ApiClient api, string slot, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/slots/{slot}/queue/stream");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await api.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        return new QueueStream(response, await response.Content.ReadAsStreamAsync(cancellationToken));
    }

    /// <summary>Reads the next <c>queue</c> event and returns its data.</summary>
    public async Task<JsonArray> NextAsync(CancellationToken cancellationToken)
    {
        string? eventName = null;
        var data = new List<string>();
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0 && data.Count > 0)
            {
                Assert.Equal("queue", eventName);
                return JsonNode.Parse(string.Join('\n', data))!.AsArray();
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

        throw new InvalidOperationException("The stream ended.");
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
    }
}
