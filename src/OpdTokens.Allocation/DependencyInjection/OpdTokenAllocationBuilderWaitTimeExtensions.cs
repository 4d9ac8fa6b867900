using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpdTokens.Allocation;
using OpdTokens.Allocation.Estimation;
using OpdTokens.Allocation.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the wait-time estimator behind <see cref="WaitTimeService"/> and adds the
/// <see cref="WaitTimeMonitor"/>.</summary>
/// <remarks><c>AddOpdTokenAllocation</c> registers <see cref="WaitTimeService"/> with
/// <see cref="LearnedWaitTimeEstimator"/>; these methods replace the estimator or change the settings. Methods
/// return the builder so calls chain.</remarks>
public static class OpdTokenAllocationBuilderWaitTimeExtensions
{
    /// <summary>Uses a host-provided estimator, created by the container as a singleton.</summary>
    /// <typeparam name="TEstimator">The estimator type.</typeparam>
    /// <param name="builder">The builder from <c>AddOpdTokenAllocation</c>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IOpdTokenAllocationBuilder UseWaitTimeEstimator<TEstimator>(this IOpdTokenAllocationBuilder builder)
        where TEstimator : class, IWaitTimeEstimator
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.RemoveAll<IWaitTimeEstimator>();
        builder.Services.AddSingleton<IWaitTimeEstimator, TEstimator>();
        return builder;
    }

    /// <summary>Uses an estimator instance, such as <see cref="SlotFormulaEstimator.Instance"/>.</summary>
    /// <param name="builder">The builder from <c>AddOpdTokenAllocation</c>.</param>
    /// <param name="estimator">The estimator.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IOpdTokenAllocationBuilder UseWaitTimeEstimator(
        this IOpdTokenAllocationBuilder builder,
        IWaitTimeEstimator estimator
    )
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(estimator);
        builder.Services.RemoveAll<IWaitTimeEstimator>();
        builder.Services.AddSingleton(estimator);
        return builder;
    }

    /// <summary>Uses an estimator made by a factory, called once.</summary>
    /// <param name="builder">The builder from <c>AddOpdTokenAllocation</c>.</param>
    /// <param name="factory">Creates the estimator.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IOpdTokenAllocationBuilder UseWaitTimeEstimator(
        this IOpdTokenAllocationBuilder builder,
        Func<IServiceProvider, IWaitTimeEstimator> factory
    )
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.RemoveAll<IWaitTimeEstimator>();
        builder.Services.AddSingleton(factory);
        return builder;
    }

    /// <summary>Changes the settings of <see cref="WaitTimeService"/>.</summary>
    /// <param name="builder">The builder from <c>AddOpdTokenAllocation</c>.</param>
    /// <param name="configure">Changes the settings.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IOpdTokenAllocationBuilder ConfigureWaitTimes(
        this IOpdTokenAllocationBuilder builder,
        Action<WaitTimeOptions> configure
    )
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<WaitTimeOptions>().Configure(configure);
        return builder;
    }

    /// <summary>Adds the <see cref="WaitTimeMonitor"/>: resolve it and subscribe to
    /// <see cref="WaitTimeMonitor.EstimateChanged"/>; it watches the engine from the moment it is first
    /// resolved.</summary>
    /// <param name="builder">The builder from <c>AddOpdTokenAllocation</c>.</param>
    /// <param name="configure">Changes the settings, if given.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IOpdTokenAllocationBuilder AddWaitTimeMonitor(
        this IOpdTokenAllocationBuilder builder,
        Action<WaitTimeMonitorOptions>? configure = null
    )
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<WaitTimeMonitorOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (
            builder.Services.TryAddEnumerableReturning(
                ServiceDescriptor.Singleton<IValidateOptions<WaitTimeMonitorOptions>, WaitTimeMonitorOptionsValidator>()
            )
        )
        {
            options.ValidateOnStart();
        }

        builder.Services.TryAddSingleton(sp => new WaitTimeMonitor(
            sp.GetRequiredService<IAllocationEngine>(),
            sp.GetRequiredService<WaitTimeService>(),
            sp.GetRequiredService<IOptions<WaitTimeMonitorOptions>>()
        ));
        return builder;
    }

    /// <summary>Registers <see cref="WaitTimeService"/> and the default estimator unless already registered; called by
    /// <c>AddOpdTokenAllocation</c>.</summary>
    internal static void TryAddWaitTimes(IServiceCollection services)
    {
        var options = services.AddOptions<WaitTimeOptions>();
        if (
            services.TryAddEnumerableReturning(
                ServiceDescriptor.Singleton<IValidateOptions<WaitTimeOptions>, WaitTimeOptionsValidator>()
            )
        )
        {
            options.ValidateOnStart();
        }

        services.TryAddSingleton<IWaitTimeEstimator>(LearnedWaitTimeEstimator.Instance);
        services.TryAddSingleton(sp => new WaitTimeService(
            sp.GetRequiredService<IAllocationEngine>(),
            sp.GetRequiredService<IWaitTimeEstimator>(),
            sp.GetRequiredService<IStateStore>(),
            sp.GetService<TimeProvider>(),
            sp.GetRequiredService<IOptions<WaitTimeOptions>>()
        ));
    }

    /// <summary>Adds a registration unless an equal one exists, and says whether it added it.</summary>
    private static bool TryAddEnumerableReturning(this IServiceCollection services, ServiceDescriptor descriptor)
    {
        var before = services.Count;
        services.TryAddEnumerable(descriptor);
        return services.Count > before;
    }
}
