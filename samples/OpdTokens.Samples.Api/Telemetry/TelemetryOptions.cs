namespace OpdTokens.Samples.Api.Telemetry;

/// <summary>OpenTelemetry export of the host, bound from the <c>Telemetry</c> section; everything is off unless
/// switched on.</summary>
internal sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>Gets or sets whether a Prometheus scraping endpoint serves the metrics at
    /// <see cref="PrometheusPath"/>.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool Prometheus { get; set; }

    /// <summary>Gets or sets the path of the scraping endpoint.</summary>
    /// <value>The default value is <c>/metrics</c>.</value>
    public string PrometheusPath { get; set; } = "/metrics";

    /// <summary>Gets or sets the OTLP collector that receives metrics and traces (such as
    /// <c>http://collector:4317</c>); none when unset. The standard <c>OTEL_EXPORTER_OTLP_*</c> variables tune it
    /// further.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>Gets whether any export is switched on.</summary>
    public bool Enabled => Prometheus || OtlpEndpoint is not null;
}
