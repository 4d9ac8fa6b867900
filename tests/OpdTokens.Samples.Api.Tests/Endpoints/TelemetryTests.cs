using System.Net;
using Microsoft.AspNetCore.Hosting;

namespace OpdTokens.Samples.Api.Tests.Endpoints;

/// <summary>OpenTelemetry export is off unless configured; switched on, Prometheus scrapes the library's meter and the
/// request metrics, without personal data.</summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task A_prometheus_scrape_shows_the_library_meter_and_the_request_metrics_without_patient_data()
    {
        // Read while the host is built (it decides what to register), so given as a host setting.
        using var factory = new ApiFactory();
        using var host = factory.WithWebHostBuilder(builder => builder.UseSetting("Telemetry:Prometheus", "true"));
        using var http = host.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.AdminKey);
        using var api = new ApiClient(http);
        var doctor = await api.CreateDoctorAsync();
        var slot = await api.CreateSlotAsync(doctor, "09:00", "10:00", 1);
        await api.AllocateAsync(doctor, slot, "Kavya Nair");
        await api.AllocateAsync(doctor, slot, "Ravi Menon");

        using var anonymous = new ApiClient(host.CreateClient());
        var scrape = string.Empty;
        for (
            var attempt = 0;
            attempt < 20 && !scrape.Contains("opdtokens_allocation_allocations", StringComparison.Ordinal);
            attempt++
        )
        {
            // The exporter caches a scrape briefly; the counters of the bookings appear on the next collection.
            await Task.Delay(attempt == 0 ? 0 : 500);
            using var response = await anonymous.SendAsync(HttpMethod.Get, "/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            scrape = await response.Content.ReadAsStringAsync();
        }

        Assert.Contains("opdtokens_allocation_allocations", scrape, StringComparison.Ordinal);
        Assert.Contains("outcome=\"allocated\"", scrape, StringComparison.Ordinal);
        Assert.Contains("outcome=\"waitlisted\"", scrape, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", scrape, StringComparison.Ordinal);
        Assert.Contains("http_route=\"/api/v1/tokens/\"", scrape, StringComparison.Ordinal);
        Assert.DoesNotContain("Kavya", scrape, StringComparison.Ordinal);
        Assert.DoesNotContain(doctor + "-", scrape, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_configuration_nothing_is_exported()
    {
        using var factory = new ApiFactory();
        using var anonymous = factory.Client(apiKey: null);

        using var response = await anonymous.SendAsync(HttpMethod.Get, "/metrics");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(factory.Services.GetService(typeof(OpenTelemetry.Metrics.MeterProvider)));
    }
}
