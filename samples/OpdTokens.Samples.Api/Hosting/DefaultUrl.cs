namespace OpdTokens.Samples.Api.Hosting;

/// <summary>Listens on <c>http://127.0.0.1:5080</c> unless <c>--urls</c>, <c>ASPNETCORE_URLS</c>, the port settings or
/// Kestrel endpoints say otherwise.</summary>
internal static class DefaultUrl
{
    public const string Value = "http://127.0.0.1:5080";

    public static IWebHostBuilder UseDefaultUrlUnlessConfigured(
        this IWebHostBuilder webHost,
        IConfiguration configuration
    )
    {
        var configured =
            !string.IsNullOrEmpty(configuration["urls"])
            || !string.IsNullOrEmpty(configuration["http_ports"])
            || !string.IsNullOrEmpty(configuration["https_ports"])
            || configuration.GetSection("Kestrel:Endpoints").Exists();
        return configured ? webHost : webHost.UseUrls(Value);
    }
}
