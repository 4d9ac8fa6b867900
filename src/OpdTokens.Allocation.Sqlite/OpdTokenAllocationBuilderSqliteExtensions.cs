using OpdTokens.Allocation.Sqlite;

// In the namespace hosts already import, like AddOpdTokenAllocation, so the method is found without an extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the SQLite store on the allocation builder.</summary>
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
        // Checked now, so a wrong connection string fails at start-up rather than at the first request.
        var store = new SqliteStateStore(connectionString);
        return builder.UseStateStore(_ => store);
    }

    /// <summary>Keeps doctor-days and the registry in a SQLite database file whose connection string comes from the
    /// container, such as from configuration.</summary>
    /// <param name="builder">The builder from <c>AddOpdTokenAllocation</c>.</param>
    /// <param name="connectionString">Reads the connection string when the store is first needed.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IOpdTokenAllocationBuilder UseSqliteStore(
        this IOpdTokenAllocationBuilder builder,
        Func<IServiceProvider, string> connectionString
    )
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(connectionString);
        return builder.UseStateStore(services => new SqliteStateStore(connectionString(services)));
    }
}
