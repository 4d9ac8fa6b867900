using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpdTokens.Allocation;
using OpdTokens.Allocation.Policies;
using OpdTokens.Allocation.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the policy, the store and the event sinks of the allocation engine, and changes its settings.</summary>
/// <remarks>Methods return the builder so calls chain.</remarks>
public static class OpdTokenAllocationBuilderExtensions
{
    /// <summary>Changes settings.</summary>
    /// <param name="builder">The builder from <c>AddOpdTokenAllocation</c>.</param>
    /// <param name="configure">Changes the options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IOpdTokenAllocationBuilder Configure(
        this IOpdTokenAllocationBuilder builder,
        Action<OpdTokenAllocationOptions> configure
    )
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Options.Configure(configure);
        return builder;
    }

    /// <summary>Uses a shipped policy by name; its numbers come from the options.</summary>
    /// <param name="builder">The builder from <c>AddOpdTokenAllocation</c>.</param>
    /// <param name="name"><c>tiered</c> or <c>weighted</c> (see <see cref="PriorityPolicyNames"/>); checked at
    /// start-up.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IOpdTokenAllocationBuilder UsePriorityPolicy(this IOpdTokenAllocationBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(name);
        builder.Services.RemoveAll<IPriorityPolicy>();
        builder.Services.AddSingleton(ShippedPolicy);
        return builder.Configure(o => o.PriorityPolicy = name);
    }

    /// <summary>Uses a host-provided priority policy, created by the container as a singleton.</summary>
    /// <typeparam name="TPolicy">The policy type.</typeparam>
    /// <param name="builder">The builder from <c>AddOpdTokenAllocation</c>.</param>
    /// <returns>The builder.</returns>
    /// <remarks>The last <c>UsePriorityPolicy</c> call wins.</remarks>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IOpdTokenAllocationBuilder UsePriorityPolicy<TPolicy>(this IOpdTokenAllocationBuilder builder)
        where TPolicy : class, IPriorityPolicy
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.RemoveAll<IPriorityPolicy>();
        builder.Services.AddSingleton<IPriorityPolicy, TPolicy>();
        return builder;
    }

    /// <summary>Uses a priority policy the host has already made, such as a policy wrapping a shipped one.</summary>
    /// <param name="builder">The builder from <c>AddOpdTokenAllocation</c>.</param>
    /// <param name="policy">The policy; the container does not dispose it.</param>
    /// <returns>The builder.</returns>
    /// <remarks>The last <c>UsePriorityPolicy</c> call wins.</remarks>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IOpdTokenAllocationBuilder UsePriorityPolicy(
        this IOpdTokenAllocationBuilder builder,
        IPriorityPolicy policy
    )
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(policy);
        builder.Services.RemoveAll<IPriorityPolicy>();
        builder.Services.AddSingleton(policy);
        return builder;
    }

    /// <summary>Uses a priority policy made by a factory, called once, when the engine is first resolved; the factory
    /// may read other services, such as options.</summary>
    /// <param name="builder">The builder from <c>AddOpdTokenAllocation</c>.</param>
    /// <param name="factory">Creates the policy.</param>
    /// <returns>The builder.</returns>
    /// <remarks>The last <c>UsePriorityPolicy</c> call wins.</remarks>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IOpdTokenAllocationBuilder UsePriorityPolicy(
        this IOpdTokenAllocationBuilder builder,
        Func<IServiceProvider, IPriorityPolicy> factory
    )
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.RemoveAll<IPriorityPolicy>();
        builder.Services.AddSingleton(factory);
        return builder;
    }

    /// <summary>Uses the in-memory store (the default) with settings, such as how many days it keeps.</summary>
    /// <param name="builder">The builder from <c>AddOpdTokenAllocation</c>.</param>
    /// <param name="configure">Changes the store's settings.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IOpdTokenAllocationBuilder UseInMemoryStore(
        this IOpdTokenAllocationBuilder builder,
        Action<InMemoryStateStoreOptions> configure
    )
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        builder.Services.RemoveAll<IStateStore>();
        builder.Services.AddSingleton<IStateStore>(sp => new InMemoryStateStore(
            sp.GetRequiredService<IOptions<InMemoryStateStoreOptions>>().Value
        ));
        return builder;
    }

    /// <summary>Uses a host-provided store, created by the container as a singleton.</summary>
    /// <typeparam name="TStore">The store type.</typeparam>
    /// <param name="builder">The builder from <c>AddOpdTokenAllocation</c>.</param>
    /// <returns>The builder.</returns>
    public static IOpdTokenAllocationBuilder UseStateStore<TStore>(this IOpdTokenAllocationBuilder builder)
        where TStore : class, IStateStore
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.RemoveAll<IStateStore>();
        builder.Services.AddSingleton<IStateStore, TStore>();
        return builder;
    }

    /// <summary>Uses a store made by a factory, called once.</summary>
    /// <param name="builder">The builder from <c>AddOpdTokenAllocation</c>.</param>
    /// <param name="factory">Creates the store.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IOpdTokenAllocationBuilder UseStateStore(
        this IOpdTokenAllocationBuilder builder,
        Func<IServiceProvider, IStateStore> factory
    )
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.RemoveAll<IStateStore>();
        builder.Services.AddSingleton(factory);
        return builder;
    }

    /// <summary>Adds an event sink, created by the container as a singleton; every sink gets every commit's
    /// events.</summary>
    /// <typeparam name="TSink">The sink type.</typeparam>
    /// <param name="builder">The builder from <c>AddOpdTokenAllocation</c>.</param>
    /// <returns>The builder.</returns>
    /// <remarks>The sink is also registered as <typeparamref name="TSink"/> itself, the same instance, so the host
    /// can resolve the sink it added (to read what it collected, for example). Adding the same sink type again changes
    /// nothing.</remarks>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IOpdTokenAllocationBuilder AddEventSink<TSink>(this IOpdTokenAllocationBuilder builder)
        where TSink : class, IAllocationEventSink
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<TSink>();
        return AddSinkOf<TSink>(builder);
    }

    /// <summary>Adds an event sink the host has already made; every sink gets every commit's events.</summary>
    /// <typeparam name="TSink">The sink type.</typeparam>
    /// <param name="builder">The builder from <c>AddOpdTokenAllocation</c>.</param>
    /// <param name="sink">The sink; the container does not dispose it.</param>
    /// <returns>The builder.</returns>
    /// <remarks>The sink is also registered as <typeparamref name="TSink"/>. Adding a sink of a type already added
    /// changes nothing: the first one stays.</remarks>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IOpdTokenAllocationBuilder AddEventSink<TSink>(this IOpdTokenAllocationBuilder builder, TSink sink)
        where TSink : class, IAllocationEventSink
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(sink);
        builder.Services.TryAddSingleton(sink);
        return AddSinkOf<TSink>(builder);
    }

    /// <summary>Adds an event sink made by a factory, called once; every sink gets every commit's events.</summary>
    /// <param name="builder">The builder from <c>AddOpdTokenAllocation</c>.</param>
    /// <param name="factory">Creates the sink, or returns one registered elsewhere, such as
    /// <c>services =&gt; services.GetRequiredService&lt;QueueFeed&gt;()</c>.</param>
    /// <returns>The builder.</returns>
    /// <remarks>Factories cannot be told apart, so each call adds a sink; call it once per sink.</remarks>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IOpdTokenAllocationBuilder AddEventSink(
        this IOpdTokenAllocationBuilder builder,
        Func<IServiceProvider, IAllocationEventSink> factory
    )
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.AddSingleton(factory);
        return builder;
    }

    /// <summary>Makes the registered <typeparamref name="TSink"/> one of the engine's sinks, once per type.</summary>
    private static IOpdTokenAllocationBuilder AddSinkOf<TSink>(IOpdTokenAllocationBuilder builder)
        where TSink : class, IAllocationEventSink
    {
        // The implementation type TSink (from the factory's return type) is what TryAddEnumerable tells sinks apart by.
        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IAllocationEventSink, TSink>(static services =>
                services.GetRequiredService<TSink>()
            )
        );
        return builder;
    }

    /// <summary>Creates the shipped policy the options name.</summary>
    internal static IPriorityPolicy ShippedPolicy(IServiceProvider services) =>
        AllocationEngine.CreatePolicy(services.GetRequiredService<IOptions<OpdTokenAllocationOptions>>().Value);
}
