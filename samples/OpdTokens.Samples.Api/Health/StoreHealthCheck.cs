using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpdTokens.Allocation;
using OpdTokens.Allocation.Storage;

namespace OpdTokens.Samples.Api.Health;

/// <summary>Readiness: the state store answers a small read (the doctor registry) within
/// <see cref="HealthOptions.StoreTimeoutSeconds"/>.</summary>
/// <remarks>The wait ends at the deadline even when the store ignores its cancellation token, as a database whose
/// server stopped answering (SIGSTOP, a dead network path) would: a readiness probe that hangs tells the load balancer
/// nothing.</remarks>
internal sealed class StoreHealthCheck(IStateStore store, IOptions<HealthOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context,
        CancellationToken cancellationToken = default
    )
    {
        var timeout = TimeSpan.FromSeconds(options.Value.StoreTimeoutSeconds);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await store.LoadDoctorsAsync(deadline.Token).AsTask().WaitAsync(timeout, cancellationToken);
            return HealthCheckResult.Healthy("The state store answers.");
        }
        catch (Exception e)
            when (e is TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The state store did not answer within {timeout.TotalSeconds} s.");
        }
        catch (StateStoreException)
        {
            // The store's message may name the database; the probe's answer says only that it failed.
            return HealthCheckResult.Unhealthy("The state store failed.");
        }
    }
}
