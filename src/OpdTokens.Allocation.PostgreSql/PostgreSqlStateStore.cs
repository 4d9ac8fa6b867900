using System.Collections.Immutable;
using System.Data;
using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using OpdTokens.Allocation.Storage;

namespace OpdTokens.Allocation.PostgreSql;

/// <summary>An <see cref="IStateStore"/> in a PostgreSQL database that several app instances can share.</summary>
/// <remarks>
/// <para>A commit is one transaction that first moves the doctor-day's row from the expected version to the new one
/// (<c>UPDATE … WHERE version = expected</c>, or an insert for version 0) and then upserts only the changed slots,
/// tokens and idempotency records. When another instance committed first, the row's version has moved, nothing is
/// written and <see cref="ConcurrencyConflictException"/> is thrown, so the engine reloads and re-runs the command.
/// Loads read in one repeatable-read snapshot.</para>
/// <para>The tables live in their own schema (<c>opdtokens</c> unless chosen), created or migrated on first use (or
/// by <see cref="EnsureSchemaAsync"/>) under an advisory lock, so instances starting at once migrate it once; the
/// schema records its version.</para>
/// <para>Database errors surface as <see cref="StateStoreException"/>. After a lost connection the store drops its
/// idle pooled connections, so it works again as soon as the server is back.</para>
/// <para>This type is thread-safe.</para>
/// </remarks>
[DebuggerDisplay("PostgreSqlStateStore {Schema,nq}")]
public sealed partial class PostgreSqlStateStore : IStateStore, IAsyncDisposable, IDisposable
{
    /// <summary>The schema used when none is chosen.</summary>
    public const string DefaultSchema = "opdtokens";

    /// <summary>The connections; owned unless the host passed its own data source.</summary>
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Whether disposing the store disposes <see cref="_dataSource"/>.</summary>
    private readonly bool _ownsDataSource;

    /// <summary>The store's SQL over its schema.</summary>
    private readonly PostgreSqlRows _rows;

    /// <summary>Serialises the schema check.</summary>
    private readonly SemaphoreSlim _schemaGate = new(1, 1);

    /// <summary>Whether the schema is known to be current.</summary>
    private volatile bool _schemaReady;

    /// <summary>Creates a store over a database; nothing is opened until first use.</summary>
    /// <param name="connectionString">An Npgsql connection string, such as
    /// <c>Host=db;Database=opd;Username=opd;Password=…</c>.</param>
    /// <param name="schema">The schema of the store's tables: 1 to 63 lower-case letters, digits and underscores,
    /// starting with a letter or underscore.</param>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty or not valid, or
    /// <paramref name="schema"/> is not a valid schema name.</exception>
    public PostgreSqlStateStore(string connectionString, string schema = DefaultSchema)
        : this(CreateDataSource(connectionString), schema, ownsDataSource: true) { }

    /// <summary>Creates a store over a data source the host owns (and disposes).</summary>
    /// <param name="dataSource">The data source.</param>
    /// <param name="schema">The schema of the store's tables: 1 to 63 lower-case letters, digits and underscores,
    /// starting with a letter or underscore.</param>
    /// <exception cref="ArgumentNullException"><paramref name="dataSource"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="schema"/> is not a valid schema name.</exception>
    public PostgreSqlStateStore(NpgsqlDataSource dataSource, string schema = DefaultSchema)
        : this(dataSource ?? throw new ArgumentNullException(nameof(dataSource)), schema, ownsDataSource: false) { }

    private PostgreSqlStateStore(NpgsqlDataSource dataSource, string schema, bool ownsDataSource)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (!SchemaName().IsMatch(schema))
        {
            if (ownsDataSource)
            {
                dataSource.Dispose();
            }

            throw new ArgumentException(
                "A schema name is 1 to 63 lower-case letters, digits and underscores, starting with a letter or "
                    + "underscore.",
                nameof(schema)
            );
        }

        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _rows = new PostgreSqlRows(schema);
        Schema = schema;
    }

    /// <summary>Gets the schema of the store's tables.</summary>
    public string Schema { get; }

    /// <summary>Creates the schema and its tables, or migrates them to this version's, unless already done.</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that completes when the schema is current.</returns>
    /// <exception cref="StateStoreException">The database cannot be reached or migrated, or has a newer schema than
    /// this version of the package.</exception>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        if (_schemaReady)
        {
            return;
        }

        await _schemaGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_schemaReady)
            {
                return;
            }

            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await PostgreSqlSchema.MigrateAsync(connection, Schema, cancellationToken).ConfigureAwait(false);
            }

            _schemaReady = true;
        }
        catch (NpgsqlException e)
        {
            throw Failure($"Could not prepare PostgreSQL schema '{Schema}'", e);
        }
        catch (InvalidOperationException e)
        {
            throw new StateStoreException(e.Message, e);
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask<DoctorDay?> LoadPartitionAsync(PartitionKey partition, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await connection
                    .BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken)
                    .ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    return await _rows
                        .ReadDayAsync(connection, transaction, partition, cancellationToken)
                        .ConfigureAwait(false);
                }
            }
        }
        catch (NpgsqlException e)
        {
            throw Failure($"Could not load doctor-day {partition}", e, partition);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or JsonException or OverflowException)
        {
            throw new StateStoreException(
                partition,
                $"The stored doctor-day {partition} in PostgreSQL schema '{Schema}' is not valid: {e.Message}",
                e
            );
        }
    }

    /// <inheritdoc />
    public async ValueTask CommitAsync(PartitionChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        cancellationToken.ThrowIfCancellationRequested();
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var committing = false;
        try
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    var stored = await _rows
                        .WritePartitionAsync(connection, transaction, change, cancellationToken)
                        .ConfigureAwait(false);
                    if (stored is not null)
                    {
                        throw new ConcurrencyConflictException(change.Partition, change.ExpectedVersion, stored);
                    }

                    await _rows
                        .WriteDeltasAsync(connection, transaction, change, cancellationToken)
                        .ConfigureAwait(false);
                    // Past this point the commit is not cancelled: it either lands whole or fails.
                    cancellationToken.ThrowIfCancellationRequested();
                    committing = true;
                    await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
        catch (NpgsqlException e)
        {
            var outcome = committing
                ? "The connection failed while committing, so the change may or may not be stored; the engine "
                    + "published nothing and reloads the doctor-day on its next command."
                : "Nothing of the change was stored.";
            throw Failure($"Could not commit doctor-day {change.Partition}", e, change.Partition, outcome);
        }
    }

    /// <inheritdoc />
    public async ValueTask<ImmutableArray<PartitionKey>> ListPartitionsAsync(
        DateOnly? onDate,
        CancellationToken cancellationToken
    )
    {
        cancellationToken.ThrowIfCancellationRequested();
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var keys = await _rows
                    .ReadPartitionKeysAsync(connection, onDate, cancellationToken)
                    .ConfigureAwait(false);
                // Sorted here, not by the database, whose text collation need not be ordinal.
                return [.. keys.Order()];
            }
        }
        catch (NpgsqlException e)
        {
            throw Failure("Could not list doctor-days", e);
        }
    }

    /// <inheritdoc />
    public async ValueTask<ImmutableArray<Doctor>> LoadDoctorsAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var doctors = await _rows.ReadDoctorsAsync(connection, cancellationToken).ConfigureAwait(false);
                return [.. doctors.OrderBy(d => d.Id)];
            }
        }
        catch (NpgsqlException e)
        {
            throw Failure("Could not load doctors", e);
        }
    }

    /// <inheritdoc />
    public async ValueTask SaveDoctorAsync(Doctor doctor, bool isNew, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(doctor);
        cancellationToken.ThrowIfCancellationRequested();
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        bool written;
        try
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                written = await _rows
                    .WriteDoctorAsync(connection, doctor, isNew, cancellationToken)
                    .ConfigureAwait(false);
            }
        }
        catch (NpgsqlException e)
        {
            throw Failure($"Could not save doctor {doctor.Id}", e);
        }

        if (!written)
        {
            throw new ConcurrencyConflictException($"Doctor id {doctor.Id} is already taken.");
        }
    }

    /// <summary>Disposes the data source, unless the host passed its own.</summary>
    /// <returns>A task that completes when the connections are closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Disposes the data source, unless the host passed its own.</summary>
    public void Dispose()
    {
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }

    private static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return NpgsqlDataSource.Create(connectionString);
    }

    /// <summary>Wraps a database error; after a lost connection, drops the idle pooled connections, which may be
    /// dead too, so the next call opens a fresh one.</summary>
    private StateStoreException Failure(
        string what,
        NpgsqlException error,
        PartitionKey? partition = null,
        string? outcome = null
    )
    {
        if (
            error is not PostgresException postgres
            || postgres.IsTransient
            || postgres.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
            || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal) // shutdown or terminated session
        )
        {
            _dataSource.Clear();
        }

        var message =
            $"{what} in PostgreSQL schema '{Schema}': {error.Message.TrimEnd('.')}."
            + (outcome is null ? "" : " " + outcome);
        return partition is { } key
            ? new StateStoreException(key, message, error)
            : new StateStoreException(message, error);
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaName();
}
