using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using OpdTokens.Samples.Api.Security;

namespace OpdTokens.Samples.Api.Server;

/// <summary>The web server's settings: the body limit, header decoding, and problem bodies for the requests it refuses
/// itself.</summary>
internal static class ServerSetup
{
    public static void ConfigureApiServer(this KestrelServerOptions kestrel)
    {
        kestrel.Limits.MaxRequestBodySize = RequestBodyLimit.MaxBytes;

        // Header values are read as Latin-1, which decodes every byte, so a value that is not ASCII (an Idempotency-Key
        // or an API key with an accented letter) reaches the application and gets its specific answer (400 naming the
        // header, 401) instead of the server's bare 400. Every header the API reads is ASCII by contract.
        kestrel.RequestHeaderEncodingSelector = _ => Encoding.Latin1;

        kestrel.ConfigureEndpointDefaults(listen =>
            listen.Use(next =>
                connection =>
                {
                    var transport = connection.Transport;
                    connection.Transport = new Pipe(transport.Input, new RejectionRewritingWriter(transport.Output));
                    return next(connection);
                }
            )
        );
    }

    private sealed class Pipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }
}
