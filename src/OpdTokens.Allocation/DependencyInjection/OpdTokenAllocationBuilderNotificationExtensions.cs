using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpdTokens.Allocation;
using OpdTokens.Allocation.Notifications;
using OpdTokens.Allocation.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds patient notifications: the transactional outbox, its dispatcher (a hosted service) and the channels
/// it delivers to.</summary>
/// <remarks>
/// <para><see cref="AddNotifications"/> turns on the store's outbox (<see cref="IOutboxStore"/>) before the engine's
/// first commit, so every committed event is kept in the same transaction as its change, and registers the
/// dispatcher, which delivers them at least once, in order per doctor-day, with retries and dead letters. Add at
/// least one channel: <see cref="AddWebhookChannel(IOpdTokenAllocationBuilder, string, Action{WebhookChannelOptions})"/>,
/// <see cref="AddLoggingNotificationChannel"/> or your own with <see cref="AddNotificationChannel{TChannel}"/>. The
/// engine's in-process event sinks are unchanged: they still serve the audit trail and metrics.</para>
/// <para>Options are validated when the host starts; the dispatcher takes <see cref="TimeProvider"/> from the
/// container when one is registered.</para>
/// </remarks>
public static class OpdTokenAllocationBuilderNotificationExtensions
{
    /// <summary>Adds the outbox dispatcher and turns the store's outbox on.</summary>
    /// <param name="builder">The builder from <c>AddOpdTokenAllocation</c>.</param>
    /// <param name="configure">Changes the settings, if given; bind more with
    /// <c>services.AddOptions&lt;NotificationOptions&gt;().BindConfiguration(NotificationOptions.DefaultSectionName)</c>.</param>
    /// <returns>The builder.</returns>
    /// <remarks>The store must implement <see cref="IOutboxStore"/> (the in-memory, SQLite and PostgreSQL stores do);
    /// otherwise resolving the engine throws <see cref="InvalidOperationException"/>. Calling it again adds
    /// configuration but registers nothing twice.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IOpdTokenAllocationBuilder AddNotifications(
        this IOpdTokenAllocationBuilder builder,
        Action<NotificationOptions>? configure = null
    )
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<NotificationOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(NotificationsMarker)))
        {
            return builder;
        }

        options.ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>();
        services.AddSingleton<NotificationsMarker>();
        services.TryAddSingleton<OutboxSignal>();
        builder.AddEventSink(sp => sp.GetRequiredService<OutboxSignal>());
        services.AddSingleton<IHostedService>(sp => new OutboxDispatcher(
            sp.GetRequiredService<IStateStore>(),
            sp.GetRequiredService<IAllocationEngine>(),
            sp.GetServices<INotificationChannel>(),
            sp.GetRequiredService<IOptions<NotificationOptions>>(),
            sp.GetRequiredService<OutboxSignal>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<OutboxDispatcher>>()
        ));
        return builder;
    }

    /// <summary>Adds a channel, created by the container as a singleton.</summary>
    /// <typeparam name="TChannel">The channel type.</typeparam>
    /// <param name="builder">The builder from <c>AddOpdTokenAllocation</c>.</param>
    /// <returns>The builder.</returns>
    /// <remarks>Adding the same type again changes nothing.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IOpdTokenAllocationBuilder AddNotificationChannel<TChannel>(this IOpdTokenAllocationBuilder builder)
        where TChannel : class, INotificationChannel
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationChannel, TChannel>());
        return builder;
    }

    /// <summary>Adds a channel made by a factory, called once.</summary>
    /// <param name="builder">The builder from <c>AddOpdTokenAllocation</c>.</param>
    /// <param name="factory">Creates the channel.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IOpdTokenAllocationBuilder AddNotificationChannel(
        this IOpdTokenAllocationBuilder builder,
        Func<IServiceProvider, INotificationChannel> factory
    )
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.AddSingleton(factory);
        return builder;
    }

    /// <summary>Adds the logging channel, for development: notifications are written to the log, never
    /// sent.</summary>
    /// <param name="builder">The builder from <c>AddOpdTokenAllocation</c>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IOpdTokenAllocationBuilder AddLoggingNotificationChannel(this IOpdTokenAllocationBuilder builder) =>
        builder.AddNotificationChannel<LoggingNotificationChannel>();

    /// <summary>Adds a webhook channel named <c>webhook</c> with its own long-lived HTTP client.</summary>
    /// <param name="builder">The builder from <c>AddOpdTokenAllocation</c>.</param>
    /// <param name="configure">Sets the receiver's address and the secret.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IOpdTokenAllocationBuilder AddWebhookChannel(
        this IOpdTokenAllocationBuilder builder,
        Action<WebhookChannelOptions> configure
    ) => builder.AddWebhookChannel("webhook", configure);

    /// <summary>Adds a named webhook channel with its own long-lived HTTP client (connections recycled every two
    /// minutes, so DNS changes are seen); bind its settings with
    /// <c>services.AddOptions&lt;WebhookChannelOptions&gt;(name).BindConfiguration(...)</c>.</summary>
    /// <param name="builder">The builder from <c>AddOpdTokenAllocation</c>.</param>
    /// <param name="name">The channel's name; one channel per name.</param>
    /// <param name="configure">Sets the receiver's address and the secret.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IOpdTokenAllocationBuilder AddWebhookChannel(
        this IOpdTokenAllocationBuilder builder,
        string name,
        Action<WebhookChannelOptions> configure
    ) =>
        builder.AddWebhookChannel(
            name,
            configure,
            static _ => new HttpClient(
                new SocketsHttpHandler
                {
                    PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                    ConnectTimeout = TimeSpan.FromSeconds(5),
                }
            )
            {
                // The dispatcher bounds each attempt with its own time-out.
                Timeout = Timeout.InfiniteTimeSpan,
            }
        );

    /// <summary>Adds a named webhook channel that sends with a client of the host's, such as one from
    /// <c>IHttpClientFactory</c>: <c>sp =&gt; sp.GetRequiredService&lt;IHttpClientFactory&gt;().CreateClient("opd")</c>.</summary>
    /// <param name="builder">The builder from <c>AddOpdTokenAllocation</c>.</param>
    /// <param name="name">The channel's name; one channel per name.</param>
    /// <param name="configure">Sets the receiver's address and the secret.</param>
    /// <param name="httpClient">Makes the client, once.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IOpdTokenAllocationBuilder AddWebhookChannel(
        this IOpdTokenAllocationBuilder builder,
        string name,
        Action<WebhookChannelOptions> configure,
        Func<IServiceProvider, HttpClient> httpClient
    )
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        ArgumentNullException.ThrowIfNull(httpClient);
        var services = builder.Services;
        services.AddOptions<WebhookChannelOptions>(name).Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<WebhookChannelOptions>, WebhookChannelOptionsValidator>()
        );
        services.AddSingleton<INotificationChannel>(sp => new WebhookChannel(
            name,
            sp.GetRequiredService<IOptionsMonitor<WebhookChannelOptions>>().Get(name),
            httpClient(sp),
            sp.GetService<TimeProvider>()
        ));
        return builder;
    }

    /// <summary>Resolves the engine's store and, when notifications are added, turns its outbox on before the engine
    /// can commit anything.</summary>
    internal static IStateStore StoreWithOutboxIfNotified(IServiceProvider services)
    {
        var store = services.GetRequiredService<IStateStore>();
        if (services.GetService<NotificationsMarker>() is not null)
        {
            OutboxDispatcher.OutboxOf(store).EnableOutbox();
        }

        return store;
    }

    /// <summary>Registered once by <see cref="AddNotifications"/>.</summary>
    private sealed class NotificationsMarker;
}
