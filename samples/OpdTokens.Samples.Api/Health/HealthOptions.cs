namespace OpdTokens.Samples.Api.Health;

/// <summary>Settings of the readiness probe, bound from the <c>Health</c> section.</summary>
internal sealed class HealthOptions
{
    public const string SectionName = "Health";

    /// <summary>Gets or sets how long the store may take to answer the readiness probe, 1 to 30 seconds.</summary>
    /// <value>The default value is 2: well above a healthy database's few milliseconds, well below the 5-10 s
    /// timeouts of load balancers' probes.</value>
    public int StoreTimeoutSeconds { get; set; } = 2;
}
