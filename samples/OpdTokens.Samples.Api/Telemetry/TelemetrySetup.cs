using OpdTokens.Allocation.Diagnostics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OpdTokens.Samples.Api.Telemetry;

/// <summary>Exports the host's metrics and traces with OpenTelemetry when configuration asks for it: the library's
/// meter and activity source (<see cref="AllocationTelemetry"/>) and ASP.NET Core's request instrumentation, to a
/// Prometheus scraping endpoint, an OTLP collector, or both.</summary>
/// <remarks>Off by default: nothing is registered, so a host that exports nothing pays nothing. Tags never carry
/// personal data: the library's are outcomes and counts, ASP.NET Core's are routes (templates such as
/// <c>/api/v1/tokens/{id}</c>), methods and statuses.</remarks>
internal static class TelemetrySetup
{
    public const string ServiceName = "OpdTokens.Samples.Api";

    public static IServiceCollection AddApiTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new();
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        if (!options.Enabled)
        {
            return services;
        }

        services
            .AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics =>
            {
                metrics
                    .AddMeter(AllocationTelemetry.MeterName, AllocationTelemetry.NotificationsMeterName)
                    .AddAspNetCoreInstrumentation();
                if (options.Prometheus)
                {
                    metrics.AddPrometheusExporter();
                }

                if (options.OtlpEndpoint is { } endpoint)
                {
                    metrics.AddOtlpExporter(otlp => otlp.Endpoint = endpoint);
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(AllocationTelemetry.ActivitySourceName).AddAspNetCoreInstrumentation();
                if (options.OtlpEndpoint is { } endpoint)
                {
                    tracing.AddOtlpExporter(otlp => otlp.Endpoint = endpoint);
                }
            });
        return services;
    }

    /// <summary>Maps the scraping endpoint when Prometheus export is on. It needs no API key and is not rate limited,
    /// like the health probes: serve it only where the scraper can reach it (see the events and metrics
    /// article).</summary>
    public static WebApplication MapApiTelemetry(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TelemetryOptions>>().Value;
        if (options.Prometheus)
        {
            app.MapPrometheusScrapingEndpoint(options.PrometheusPath).AllowAnonymous().DisableRateLimiting();
        }

        return app;
    }
}
