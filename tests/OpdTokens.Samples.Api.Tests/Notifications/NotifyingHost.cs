using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using OpdTokens.Allocation.Testing;
using OpdTokens.Allocation.Tests.Receivers;

namespace OpdTokens.Samples.Api.Tests.Notifications;

/// <summary>The API host with settings it reads while it is built (notifications are registered or not then, as from
/// environment variables), on the test host's manual clock, which the receiver checks signatures against.</summary>
public sealed class NotifyingHost : IDisposable
{
    private readonly ApiFactory _parent;
    private readonly WebApplicationFactory<Program> _host;

    private NotifyingHost(ApiFactory parent, WebApplicationFactory<Program> host)
    {
        _parent = parent;
        _host = host;
    }

    public ManualTimeProvider Clock => _parent.Clock;

    public IServiceProvider Services => _host.Services;

    public static NotifyingHost Start(WebhookReceiver receiver, IReadOnlyDictionary<string, string> settings)
    {
        var parent = new ApiFactory();
        var host = parent.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });
        receiver.Clock = parent.Clock;
        return new NotifyingHost(parent, host);
    }

    /// <summary>A client that sends the given API key.</summary>
    public ApiClient Client(string apiKey = ApiFactory.AdminKey)
    {
        var http = _host.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return new ApiClient(http);
    }

    public void Dispose()
    {
        _host.Dispose();
        _parent.Dispose();
    }
}
