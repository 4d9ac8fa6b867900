using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpdTokens.Allocation;
using OpdTokens.Allocation.Policies;
using OpdTokens.Allocation.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Configures the allocation engine registered by
/// <see cref="OpdTokenAllocationServiceCollectionExtensions.AddOpdTokenAllocation(IServiceCollection, Action{OpdTokenAllocationOptions}?)"/>.</summary>
/// <remarks>Methods return the builder so calls chain. Not thread-safe: use it while building the service
/// collection.</remarks>
public sealed class OpdTokenAllocationBuilder
{
    internal OpdTokenAllocationBuilder(IServiceCollection services, OptionsBuilder<OpdTokenAllocationOptions> options)
    {
        Services = services;
        Options = options;
    }

    /// <summary>Gets the service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Gets the options builder, for binding and extra validation, such as
    /// <c>builder.Options.BindConfiguration("OpdTokens")</c>.</summary>
    public OptionsBuilder<OpdTokenAllocationOptions> Options { get; }

    /// <summary>Changes settings.</summary>
    /// <param name="configure">Changes the options.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="configure"/> is <see langword="null"/>.</exception>
    public OpdTokenAllocationBuilder Configure(Action<OpdTokenAllocationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Options.Configure(configure);
        return this;
    }

    /// <summary>Uses a shipped policy by name; its numbers come from the options.</summary>
    /// <param name="name"><c>tiered</c> or <c>weighted</c> (see <see cref="PriorityPolicyNames"/>); checked at
    /// start-up.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    public OpdTokenAllocationBuilder UsePriorityPolicy(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Services.RemoveAll<IPriorityPolicy>();
        Services.AddSingleton(ShippedPolicy);
        return Configure(o => o.PriorityPolicy = name);
    }

    /// <summary>Uses a host-provided priority policy, created by the container as a singleton.</summary>
    /// <typeparam name="TPolicy">The policy type.</typeparam>
    /// <returns>This builder.</returns>
    public OpdTokenAllocationBuilder UsePriorityPolicy<TPolicy>()
        where TPolicy : class, IPriorityPolicy
    {
        Services.RemoveAll<IPriorityPolicy>();
        Services.AddSingleton<IPriorityPolicy, TPolicy>();
        return this;
    }

    /// <summary>Uses a host-provided store, created by the container as a singleton.</summary>
    /// <typeparam name="TStore">The store type.</typeparam>
    /// <returns>This builder.</returns>
    public OpdTokenAllocationBuilder UseStateStore<TStore>()
        where TStore : class, IStateStore
    {
        Services.RemoveAll<IStateStore>();
        Services.AddSingleton<IStateStore, TStore>();
        return this;
    }

    /// <summary>Uses a store made by a factory, called once.</summary>
    /// <param name="factory">Creates the store.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is <see langword="null"/>.</exception>
    public OpdTokenAllocationBuilder UseStateStore(Func<IServiceProvider, IStateStore> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.RemoveAll<IStateStore>();
        Services.AddSingleton(factory);
        return this;
    }

    /// <summary>Adds an event sink, created by the container as a singleton; every sink gets every commit's
    /// events.</summary>
    /// <typeparam name="TSink">The sink type.</typeparam>
    /// <returns>This builder.</returns>
    public OpdTokenAllocationBuilder AddEventSink<TSink>()
        where TSink : class, IAllocationEventSink
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IAllocationEventSink, TSink>());
        return this;
    }

    /// <summary>Adds an event sink made by a factory, called once.</summary>
    /// <param name="factory">Creates the sink.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is <see langword="null"/>.</exception>
    public OpdTokenAllocationBuilder AddEventSink(Func<IServiceProvider, IAllocationEventSink> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.AddSingleton(factory);
        return this;
    }

    /// <summary>Creates the shipped policy the options name.</summary>
    internal static IPriorityPolicy ShippedPolicy(IServiceProvider services) =>
        AllocationEngine.CreatePolicy(services.GetRequiredService<IOptions<OpdTokenAllocationOptions>>().Value);
}
