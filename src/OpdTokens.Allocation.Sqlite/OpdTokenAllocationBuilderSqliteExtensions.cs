using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpdTokens.Allocation.Sqlite;
using OpdTokens.Allocation.Storage;

// In the namespace hosts already import, like AddOpdTokenAllocation, so the method is found without an extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the SQLite store on the allocation builder.</summary>
/// <remarks>The store is created when first resolved, never while registering. Its settings
/// (<see cref="SqliteStateStoreOptions"/>) are validated when the host starts, and with
/// <see cref="SqliteStateStoreOptions.CreateSchemaOnStart"/> (the default) a hosted start-up step creates or migrates
/// the tables, so a wrong connection string or an unusable file stops start-up instead of failing the first request.
/// Bind more settings with <c>services.AddOptions&lt;SqliteStateStoreOptions&gt;().BindConfiguration(...)</c>.</remarks>
public static class OpdTokenAllocationBuilderSqliteExtensions
{
    /// <summary>Keeps doctor-days and the registry in a SQLite database file (see <see cref="SqliteStateStore"/>).</summary>
    /// <param name="builder">The builder from <c>AddOpdTokenAllocation</c>.</param>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string naming a file, such as
    /// <c>Data Source=opd.db</c>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty or not valid, or names an
    /// in-memory database.</exception>
    public static IOpdTokenAllocationBuilder UseSqliteStore(
        this IOpdTokenAllocationBuilder builder,
        string connectionString
    )
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        // A literal is checked at once (the store itself is not built); the validator checks it again at start-up.
        if (SqliteStateStoreOptionsValidator.ConnectionStringError(connectionString) is { } error)
        {
            throw new ArgumentException(error, nameof(connectionString));
        }

        return builder.UseSqliteStore(options => options.ConnectionString = connectionString);
    }

    /// <summary>Keeps doctor-days and the registry in a SQLite database file whose connection string comes from the
    /// container, such as from configuration; it is read and validated when the host starts.</summary>
    /// <param name="builder">The builder from <c>AddOpdTokenAllocation</c>.</param>
    /// <param name="connectionString">Reads the connection string.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IOpdTokenAllocationBuilder UseSqliteStore(
        this IOpdTokenAllocationBuilder builder,
        Func<IServiceProvider, string> connectionString
    )
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(connectionString);
        AddStore(builder)
            .Configure<IServiceProvider>((options, services) => options.ConnectionString = connectionString(services));
        return builder;
    }

    /// <summary>Keeps doctor-days and the registry in a SQLite database file, with settings such as the batch size
    /// and the slow-commit threshold; they are validated when the host starts.</summary>
    /// <param name="builder">The builder from <c>AddOpdTokenAllocation</c>.</param>
    /// <param name="configure">Sets the options; <see cref="SqliteStateStoreOptions.ConnectionString"/> must be
    /// set here or by configuration bound to the same options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IOpdTokenAllocationBuilder UseSqliteStore(
        this IOpdTokenAllocationBuilder builder,
        Action<SqliteStateStoreOptions> configure
    )
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        AddStore(builder).Configure(configure);
        return builder;
    }

    private static OptionsBuilder<SqliteStateStoreOptions> AddStore(IOpdTokenAllocationBuilder builder)
    {
        var services = builder.Services;
        var options = services.AddOptions<SqliteStateStoreOptions>();
        if (!services.Any(IsOurValidator))
        {
            // ValidateOnStart adds a registration on every call, so only the first call asks for it.
            options.ValidateOnStart();
            services.AddSingleton<IValidateOptions<SqliteStateStoreOptions>, SqliteStateStoreOptionsValidator>();
        }

        services.TryAddSingleton(sp => new SqliteStateStore(
            sp.GetRequiredService<IOptions<SqliteStateStoreOptions>>().Value,
            sp.GetService<ILogger<SqliteStateStore>>()
        ));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SqliteSchemaStartup>());
        builder.UseStateStore(sp => sp.GetRequiredService<SqliteStateStore>());
        return options;
    }

    private static bool IsOurValidator(ServiceDescriptor descriptor) =>
        descriptor.ServiceType == typeof(IValidateOptions<SqliteStateStoreOptions>)
        && descriptor.ImplementationType == typeof(SqliteStateStoreOptionsValidator);
}
