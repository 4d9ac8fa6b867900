using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpdTokens.Allocation.PostgreSql;

// In the namespace hosts already import, like AddOpdTokenAllocation, so the method is found without an extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the PostgreSQL store on the allocation builder.</summary>
/// <remarks>The store is created when first resolved, never while registering. Its settings
/// (<see cref="PostgreSqlStateStoreOptions"/>) are validated when the host starts, and with
/// <see cref="PostgreSqlStateStoreOptions.CreateSchemaOnStart"/> (the default) a hosted start-up step creates or
/// migrates the schema, so a wrong connection string or an unreachable database stops start-up instead of failing the
/// first request. The container disposes the store, and with it the connections.</remarks>
public static class OpdTokenAllocationBuilderPostgreSqlExtensions
{
    /// <summary>Keeps doctor-days and the registry in a PostgreSQL database that several app instances may share
    /// (see <see cref="PostgreSqlStateStore"/>).</summary>
    /// <remarks>With several instances, set <c>SnapshotMaxAge</c> to how stale a read may be: commands are always
    /// checked against the database, reads are served from each instance's cache up to that age.</remarks>
    /// <param name="builder">The builder from <c>AddOpdTokenAllocation</c>.</param>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="schema">The schema of the store's tables; <c>opdtokens</c> by default.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty or not valid, or
    /// <paramref name="schema"/> is not a valid schema name.</exception>
    public static IOpdTokenAllocationBuilder UsePostgreSqlStore(
        this IOpdTokenAllocationBuilder builder,
        string connectionString,
        string schema = PostgreSqlStateStore.DefaultSchema
    )
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Literals are checked at once (the store itself is not built); the validator checks them again at start-up.
        PostgreSqlStateStore.CheckedOptions(connectionString, schema, needsConnectionString: true);
        return builder.UsePostgreSqlStore(options =>
        {
            options.ConnectionString = connectionString;
            options.Schema = schema;
        });
    }

    /// <summary>Keeps doctor-days and the registry in a PostgreSQL database whose connection string comes from the
    /// container, such as from configuration; it is read and validated when the host starts.</summary>
    /// <param name="builder">The builder from <c>AddOpdTokenAllocation</c>.</param>
    /// <param name="connectionString">Reads the connection string.</param>
    /// <param name="schema">The schema of the store's tables; <c>opdtokens</c> by default.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IOpdTokenAllocationBuilder UsePostgreSqlStore(
        this IOpdTokenAllocationBuilder builder,
        Func<IServiceProvider, string> connectionString,
        string schema = PostgreSqlStateStore.DefaultSchema
    )
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(connectionString);
        AddStore(builder)
            .Configure<IServiceProvider>(
                (options, services) =>
                {
                    options.ConnectionString = connectionString(services);
                    options.Schema = schema;
                }
            );
        return builder;
    }

    /// <summary>Keeps doctor-days and the registry in a PostgreSQL database, with settings such as the schema, the
    /// batch size and the slow-commit threshold; they are validated when the host starts.</summary>
    /// <param name="builder">The builder from <c>AddOpdTokenAllocation</c>.</param>
    /// <param name="configure">Sets the options; <see cref="PostgreSqlStateStoreOptions.ConnectionString"/> must be
    /// set here or by configuration bound to the same options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IOpdTokenAllocationBuilder UsePostgreSqlStore(
        this IOpdTokenAllocationBuilder builder,
        Action<PostgreSqlStateStoreOptions> configure
    )
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        AddStore(builder).Configure(configure);
        return builder;
    }

    private static OptionsBuilder<PostgreSqlStateStoreOptions> AddStore(IOpdTokenAllocationBuilder builder)
    {
        var services = builder.Services;
        var options = services.AddOptions<PostgreSqlStateStoreOptions>();
        if (!services.Any(IsOurValidator))
        {
            // ValidateOnStart adds a registration on every call, so only the first call asks for it.
            options.ValidateOnStart();
            services.AddSingleton<
                IValidateOptions<PostgreSqlStateStoreOptions>,
                PostgreSqlStateStoreOptionsValidator
            >();
        }

        services.TryAddSingleton(sp => new PostgreSqlStateStore(
            sp.GetRequiredService<IOptions<PostgreSqlStateStoreOptions>>().Value,
            sp.GetService<ILogger<PostgreSqlStateStore>>()
        ));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PostgreSqlSchemaStartup>());
        builder.UseStateStore(sp => sp.GetRequiredService<PostgreSqlStateStore>());
        return options;
    }

    private static bool IsOurValidator(ServiceDescriptor descriptor) =>
        descriptor.ServiceType == typeof(IValidateOptions<PostgreSqlStateStoreOptions>)
        && descriptor.ImplementationType == typeof(PostgreSqlStateStoreOptionsValidator);
}
