#region audit-writer
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OpdTokens.Docs.Snippets;

/// <summary>Drains the audit sink in the background and writes one line per event.</summary>
/// <remarks>It takes the <see cref="AuditTrailSink"/> from the container: <c>AddEventSink&lt;AuditTrailSink&gt;()</c>
/// registers the sink as itself as well, the same instance the engine hands events to.</remarks>
public sealed class AuditTrailWriter(AuditTrailSink sink, ILogger<AuditTrailWriter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var domainEvent in sink.Reader.ReadAllAsync(stoppingToken))
            {
                if (logger.IsEnabled(LogLevel.Information))
                {
                    logger.LogInformation("{AuditLine}", Events.AuditLine(domainEvent));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }
}
#endregion
