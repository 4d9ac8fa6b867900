using OpdTokens.Allocation.PostgreSql;

// In the namespace hosts already import, like AddOpdTokenAllocation, so the method is found without an extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the PostgreSQL store on the allocation builder.</summary>
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
        // Checked now, so a wrong connection string fails at start-up rather than at the first request; the
        // container disposes the store, and with it the connections.
        var store = new PostgreSqlStateStore(connectionString, schema);
        return builder.UseStateStore(_ => store);
    }

    /// <summary>Keeps doctor-days and the registry in a PostgreSQL database whose connection string comes from the
    /// container, such as from configuration.</summary>
    /// <param name="builder">The builder from <c>AddOpdTokenAllocation</c>.</param>
    /// <param name="connectionString">Reads the connection string when the store is first needed.</param>
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
        return builder.UseStateStore(services => new PostgreSqlStateStore(connectionString(services), schema));
    }
}
