using System.Collections.Immutable;
using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using OpdTokens.Allocation.Storage;

namespace OpdTokens.Allocation.Sqlite;

/// <summary>A durable <see cref="IStateStore"/> in one SQLite file: the embedded store for a single node.</summary>
/// <remarks>
/// <para>The file runs in WAL mode with <c>synchronous = FULL</c>, and every commit is one write transaction that
/// checks the doctor-day's version and writes only what changed (the partition row, then the changed slots, tokens
/// and idempotency records). A commit that returned is on disk: it survives the process being killed and the machine
/// losing power.</para>
/// <para>The schema is created, or migrated to this version's, on first use (or by <see cref="EnsureSchemaAsync"/>),
/// and the database records its schema version. Several processes on one machine may share the file: commits are
/// serialised by SQLite's write lock and version-checked, like several engines on a database server. Do not put the
/// file on a network share.</para>
/// <para>Database errors surface as <see cref="StateStoreException"/>; a busy database is waited for up to the
/// connection string's <c>Default Timeout</c> (30 seconds unless set).</para>
/// <para>This type is thread-safe.</para>
/// </remarks>
[DebuggerDisplay("SqliteStateStore {DataSource,nq}")]
public sealed class SqliteStateStore : IStateStore, IDisposable
{
    /// <summary>The connection string every operation opens a pooled connection with.</summary>
    private readonly string _connectionString;

    /// <summary>Serialises this store's writers, so they queue here instead of spinning on SQLite's lock.</summary>
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    /// <summary>Serialises the schema check.</summary>
    private readonly SemaphoreSlim _schemaGate = new(1, 1);

    /// <summary>Whether the schema is known to be current.</summary>
    private volatile bool _schemaReady;

    /// <summary>Creates a store over a SQLite database file; nothing is opened until first use.</summary>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string naming a file, such as
    /// <c>Data Source=opd.db</c>; the file is created if missing.</param>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty or not a valid connection
    /// string, or names an in-memory database.</exception>
    public SqliteStateStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (
            builder.Mode == SqliteOpenMode.Memory
            || string.IsNullOrEmpty(builder.DataSource)
            || builder.DataSource == ":memory:"
        )
        {
            throw new ArgumentException(
                "The SQLite store needs a database file; an in-memory database would be lost.",
                nameof(connectionString)
            );
        }

        if (builder.Mode == SqliteOpenMode.ReadOnly)
        {
            throw new ArgumentException("The SQLite store writes to its database.", nameof(connectionString));
        }

        _connectionString = builder.ToString();
        DataSource = builder.DataSource;
    }

    /// <summary>Gets the database file.</summary>
    public string DataSource { get; }

    /// <summary>Creates the tables, or migrates them to this version's schema, unless already done.</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>A task that completes when the schema is current.</returns>
    /// <exception cref="StateStoreException">The database cannot be opened or migrated, cannot use WAL mode, or has a
    /// newer schema than this version of the package.</exception>
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

            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            SqliteSchema.Migrate(connection);
            _schemaReady = true;
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            throw new StateStoreException($"Could not prepare the SQLite database '{DataSource}': {e.Message}", e);
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
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // One read transaction, so the version and the rows come from the same commit.
            using var transaction = connection.BeginTransaction(deferred: true);
            return SqliteRows.ReadDay(connection, transaction, partition);
        }
        catch (DbException e)
        {
            throw Failure(partition, "load", e);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or JsonException or OverflowException)
        {
            throw new StateStoreException(
                partition,
                $"The stored doctor-day {partition} in SQLite database '{DataSource}' is not valid: {e.Message}",
                e
            );
        }
    }

    #region commit
    /// <inheritdoc />
    public async ValueTask CommitAsync(PartitionChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        cancellationToken.ThrowIfCancellationRequested();
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            using var transaction = connection.BeginTransaction(deferred: false);
            var stored = SqliteRows.WritePartition(connection, transaction, change);
            if (stored is not null)
            {
                throw new ConcurrencyConflictException(change.Partition, change.ExpectedVersion, stored);
            }

            SqliteRows.WriteDeltas(connection, transaction, change);
            // Past this point the commit is not cancelled: it either lands whole or fails.
            cancellationToken.ThrowIfCancellationRequested();
            transaction.Commit();
        }
        catch (DbException e)
        {
            // SQLite rolls the transaction back, so nothing of the change was written.
            throw Failure(change.Partition, "commit", e);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    #endregion

    /// <inheritdoc />
    public async ValueTask<ImmutableArray<PartitionKey>> ListPartitionsAsync(
        DateOnly? onDate,
        CancellationToken cancellationToken
    )
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var keys = SqliteRows.ReadPartitionKeys(connection, onDate);
            return [.. keys.Order()];
        }
        catch (DbException e)
        {
            throw new StateStoreException(
                $"Could not list doctor-days in SQLite database '{DataSource}': {e.Message}",
                e
            );
        }
    }

    /// <inheritdoc />
    public async ValueTask<ImmutableArray<Doctor>> LoadDoctorsAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var doctors = SqliteRows.ReadDoctors(connection);
            return [.. doctors.OrderBy(d => d.Id)];
        }
        catch (DbException e)
        {
            throw new StateStoreException(
                $"Could not load doctors from SQLite database '{DataSource}': {e.Message}",
                e
            );
        }
    }

    /// <inheritdoc />
    public async ValueTask SaveDoctorAsync(Doctor doctor, bool isNew, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(doctor);
        cancellationToken.ThrowIfCancellationRequested();
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            if (!SqliteRows.WriteDoctor(connection, doctor, isNew))
            {
                throw new ConcurrencyConflictException($"Doctor id {doctor.Id} is already taken.");
            }
        }
        catch (DbException e)
        {
            throw new StateStoreException(
                $"Could not save doctor {doctor.Id} to SQLite database '{DataSource}': {e.Message}",
                e
            );
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Closes the pooled connections to the file, so it can be moved or deleted.</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>Opens a pooled connection with the per-connection settings durability depends on.</summary>
    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var settings = connection.CreateCommand();
            // synchronous is not stored in the file: FULL makes every commit wait for the WAL to reach the disk.
            settings.CommandText = "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";
            settings.ExecuteNonQuery();
            return connection;
        }
        catch (DbException e)
        {
            connection.Dispose();
            throw new StateStoreException($"Could not open SQLite database '{DataSource}': {e.Message}", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private StateStoreException Failure(PartitionKey partition, string operation, DbException error) =>
        new(
            partition,
            $"Could not {operation} doctor-day {partition} in SQLite database '{DataSource}': {error.Message}",
            error
        );
}
