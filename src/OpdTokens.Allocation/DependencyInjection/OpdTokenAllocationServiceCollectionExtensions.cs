using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpdTokens.Allocation;
using OpdTokens.Allocation.Policies;
using OpdTokens.Allocation.Storage;

// In the namespace hosts already import, so the entry point is found without an extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the OPD token allocation engine.</summary>
public static class OpdTokenAllocationServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IAllocationEngine"/> with the in-memory store and the tiered policy unless the
    /// builder chooses others, and <see cref="WaitTimeService"/> with the learned estimator; options are validated at
    /// start-up.</summary>
    /// <remarks>
    /// <para>Calling it again adds configuration but registers nothing twice. The engine takes
    /// <see cref="TimeProvider"/> from the container when one is registered, else <see cref="TimeProvider.System"/>.
    /// Bind configuration with <c>.Options.BindConfiguration("OpdTokens")</c> on the returned builder.</para>
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes settings, if given.</param>
    /// <returns>A builder to choose the policy, store and event sinks.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public static IOpdTokenAllocationBuilder AddOpdTokenAllocation(
        this IServiceCollection services,
        Action<OpdTokenAllocationOptions>? configure = null
    )
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<OpdTokenAllocationOptions>();
        if (!services.Any(IsOurValidator))
        {
            // ValidateOnStart adds a registration on every call, so only the first call asks for it.
            options.ValidateOnStart();
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<
                IValidateOptions<OpdTokenAllocationOptions>,
                OpdTokenAllocationOptionsValidator
            >()
        );
        services.AddOptions<InMemoryStateStoreOptions>();
        services.TryAddSingleton<IStateStore>(sp => new InMemoryStateStore(
            sp.GetRequiredService<IOptions<InMemoryStateStoreOptions>>().Value
        ));
        services.TryAddSingleton(OpdTokenAllocationBuilderExtensions.ShippedPolicy);
        services.TryAddSingleton<ITokenNumberFormatter>(sp => new TokenNumberFormatter(
            sp.GetRequiredService<IOptions<OpdTokenAllocationOptions>>().Value.TokenNumberPrefix
        ));
        services.TryAddSingleton<IAllocationEngine>(sp => new AllocationEngine(
            sp.GetRequiredService<IOptions<OpdTokenAllocationOptions>>().Value,
            OpdTokenAllocationBuilderNotificationExtensions.StoreWithOutboxIfNotified(sp),
            sp.GetRequiredService<IPriorityPolicy>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<ITokenNumberFormatter>(),
            sp.GetServices<IAllocationEventSink>(),
            sp.GetService<ILogger<AllocationEngine>>(),
            sp.GetService<IMeterFactory>()
        ));
        OpdTokenAllocationBuilderWaitTimeExtensions.TryAddWaitTimes(services);
        return new OpdTokenAllocationBuilder(services, options);
    }

    private static bool IsOurValidator(ServiceDescriptor descriptor) =>
        descriptor.ServiceType == typeof(IValidateOptions<OpdTokenAllocationOptions>)
        && descriptor.ImplementationType == typeof(OpdTokenAllocationOptionsValidator);
}
