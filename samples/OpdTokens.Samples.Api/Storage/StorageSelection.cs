using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace OpdTokens.Samples.Api.Storage;

/// <summary>Chooses where the engine keeps its state: <c>--store inmemory|sqlite|postgres</c> on the command line, or
/// the configuration key <c>Storage:Provider</c>; the database is named by the connection string
/// <c>ConnectionStrings:OpdTokens</c> (<c>ConnectionStrings__OpdTokens</c> as an environment variable).</summary>
/// <remarks>This is the one place that maps a provider name to an <c>IStateStore</c>. Settings are checked here, so a
/// wrong one stops start-up with a message naming it rather than failing the first request.</remarks>
internal static class StorageSelection
{
    public const string ConfigurationKey = "Storage:Provider";

    /// <summary>The name of the connection string, under <c>ConnectionStrings</c>.</summary>
    public const string ConnectionStringName = "OpdTokens";

    public const string ConnectionStringKey = "ConnectionStrings:" + ConnectionStringName;

    public const string InMemory = "inmemory";

    public const string Sqlite = "sqlite";

    public const string Postgres = "postgres";

    /// <summary>The SQLite database when no connection string is configured: a file in the content root.</summary>
    public const string DefaultSqliteConnectionString = "Data Source=opdtokens.db";

    /// <summary>How stale a read may be when several instances share a PostgreSQL database, unless
    /// <c>OpdTokens:SnapshotMaxAge</c> says otherwise; commands are always checked against the database.</summary>
    public static readonly TimeSpan SharedStoreSnapshotMaxAge = TimeSpan.FromSeconds(2);

    /// <summary>Maps the <c>--store</c> command-line switch to <see cref="ConfigurationKey"/>.</summary>
    public static readonly IDictionary<string, string> SwitchMappings = new Dictionary<string, string>(
        StringComparer.OrdinalIgnoreCase
    )
    {
        ["--store"] = ConfigurationKey,
    };

    public static IOpdTokenAllocationBuilder UseConfiguredStore(
        this IOpdTokenAllocationBuilder allocation,
        IConfiguration configuration,
        string contentRootPath
    )
    {
        var provider = configuration[ConfigurationKey]?.Trim() ?? InMemory;
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        switch (provider.ToLowerInvariant())
        {
            case InMemory:
                // The engine's default store: state lives as long as the process.
                break;
            case Sqlite:
                var file = SqliteInContentRoot(
                    string.IsNullOrWhiteSpace(connectionString) ? DefaultSqliteConnectionString : connectionString,
                    contentRootPath
                );
                CheckConnectionString(Sqlite, () => allocation.UseSqliteStore(file));
                break;
            case Postgres:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException(
                        $"{ConfigurationKey} (--store) is '{Postgres}' but no connection string is configured: set "
                            + $"{ConnectionStringKey} (the environment variable ConnectionStrings__{ConnectionStringName}) "
                            + "to an Npgsql connection string such as 'Host=db;Database=opd;Username=opd;Password=…'."
                    );
                }

                CheckConnectionString(Postgres, () => allocation.UsePostgreSqlStore(connectionString));
                // Other instances may write the same doctor-days: bound how old a cached read may be.
                allocation.Configure(options => options.SnapshotMaxAge ??= SharedStoreSnapshotMaxAge);
                break;
            default:
                throw new InvalidOperationException(
                    $"{ConfigurationKey} (--store) is '{provider}'; the supported stores are: {InMemory}, {Sqlite}, "
                        + $"{Postgres}."
                );
        }

        allocation.Services.AddHostedService<StoreStartup>();
        return allocation;
    }

    /// <summary>Runs a store's set-up, which checks the connection string, and names the setting when it is
    /// refused.</summary>
    private static void CheckConnectionString(string provider, Action useStore)
    {
        try
        {
            useStore();
        }
        catch (ArgumentException e)
        {
            // The stores' messages name the problem, never the connection string, which may hold a password.
            throw new InvalidOperationException(
                $"{ConnectionStringKey} is not usable for the {provider} store: {e.Message}",
                e
            );
        }
    }

    /// <summary>A relative database file lives in the content root, not in whatever folder the process started
    /// in.</summary>
    private static string SqliteInContentRoot(string connectionString, string contentRootPath)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException(
                $"{ConnectionStringKey} is not usable for the {Sqlite} store: {e.Message}",
                e
            );
        }

        var file = builder.DataSource;
        if (
            !string.IsNullOrEmpty(file)
            && file != ":memory:"
            && !file.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            && !Path.IsPathRooted(file)
        )
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRootPath, file));
        }

        return builder.ToString();
    }
}
