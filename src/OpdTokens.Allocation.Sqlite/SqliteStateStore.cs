using System.Collections.Immutable;
using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Storage.Relational;

namespace OpdTokens.Allocation.Sqlite;

/// <summary>A durable <see cref="IStateStore"/> in one SQLite file: the embedded store for a single node.</summary>
/// <remarks>
/// <para>The file runs in WAL mode with <c>synchronous = FULL</c>. Commits are grouped: concurrent commits (of
/// different doctor-days) queue, and one writer commits them in batches, one write transaction and one flush to disk
/// per batch, each change inside a savepoint of its own that checks the doctor-day's version and writes only what
/// changed (the partition row, then the changed slots, tokens and idempotency records). A stale version or a row the
/// database refuses fails only its own change; a database error fails the batch and stores nothing. A lone commit is
/// written at once. A commit that returned is on disk: it survives the process being killed and the machine losing
/// power.</para>
/// <para>The schema is created, or migrated to this version's, on first use (or by <see cref="EnsureSchemaAsync"/>,
/// which <c>UseSqliteStore</c> runs at start-up), and the database records its schema version. Several processes on
/// one machine may share the file: commits are serialised by SQLite's write lock and version-checked, like several
/// engines on a database server. Do not put the file on a network share.</para>
/// <para>Database errors surface as <see cref="StateStoreException"/>; a busy database is waited for up to the
/// connection string's <c>Default Timeout</c> (30 seconds unless set), or until every caller waiting on the batch has
/// cancelled. Failures, refused changes, conflicts and slow batches are logged to the optional logger.</para>
/// <para>This type is thread-safe.</para>
/// </remarks>
[DebuggerDisplay("SqliteStateStore {DataSource,nq}")]
public sealed partial class SqliteStateStore : IStateStore, IDisposable
{
    /// <summary>The store's name in log lines.</summary>
    private const string StoreName = "SQLite";

    /// <summary>The connection string every operation opens a pooled connection with.</summary>
    private readonly string _connectionString;

    /// <summary>Serialises this store's writers (commit batches and doctor saves), so they queue here instead of
    /// spinning on SQLite's lock; it also guards <see cref="_writer"/>.</summary>
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    /// <summary>Serialises the schema check.</summary>
    private readonly SemaphoreSlim _schemaGate = new(1, 1);

    /// <summary>Groups concurrent commits into batches.</summary>
    private readonly GroupCommitQueue _commits;

    private readonly ILogger _logger;

    private readonly TimeSpan _slowCommitThreshold;

    /// <summary>The write connection, opened by the first batch and replaced after a database error.</summary>
    private SqliteBatchWriter? _writer;

    /// <summary>Whether the schema is known to be current.</summary>
    private volatile bool _schemaReady;

    /// <summary>Creates a store over a SQLite database file with the default settings; nothing is opened until first
    /// use.</summary>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string naming a file, such as
    /// <c>Data Source=opd.db</c>; the file is created if missing.</param>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty or not a valid connection
    /// string, or names an in-memory database.</exception>
    public SqliteStateStore(string connectionString)
        : this(OptionsFor(connectionString), null) { }

    /// <summary>Creates a store from settings; nothing is opened until first use.</summary>
    /// <param name="options">The settings; read once, here.</param>
    /// <param name="logger">Where failures, refused changes, conflicts and slow commits are logged; none when
    /// <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException">A setting is not valid; the message names every bad
    /// one.</exception>
    public SqliteStateStore(SqliteStateStoreOptions options, ILogger<SqliteStateStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        SqliteStateStoreOptionsValidator.ThrowIfInvalid(options);
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString);
        _connectionString = builder.ToString();
        DataSource = builder.DataSource;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _slowCommitThreshold = options.SlowCommitThreshold;
        _commits = new GroupCommitQueue(WriteBatchAsync, options.MaxBatchSize, options.MaxBatchBytes);
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
            LogFailure("load", partition.ToString(), e);
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
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        // Queued with the concurrent commits of other doctor-days; completes once its batch is on disk.
        await _commits.CommitAsync(change, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes one batch: take the write lock, then in one transaction move each doctor-day's version and
    /// write its deltas (a savepoint per change), commit, and set each change's outcome.</summary>
    private async ValueTask WriteBatchAsync(IReadOnlyList<CommitRequest> batch, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            FailAll(batch, r => new OperationCanceledException(r.CancellationToken));
            return;
        }

        try
        {
            _writer ??= SqliteBatchWriter.Open(_connectionString);
            _writer.Write(batch, DataSource, _outboxEnabled, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Every caller of the batch gave up before its commit: it was rolled back.
            FailAll(batch, r => new OperationCanceledException(r.CancellationToken));
            return;
        }
        catch (DbException e)
        {
            // SQLite rolls the transaction back, so nothing of the batch was written; a fresh connection is opened
            // for the next one.
            _writer?.Dispose();
            _writer = null;
            StoreLog.BatchFailed(_logger, StoreName, batch, started, e);
            FailAll(batch, r => Failure(r.Partition, "commit", e));
            return;
        }
        finally
        {
            _writeGate.Release();
        }

        StoreLog.BatchWritten(_logger, StoreName, batch, started, _slowCommitThreshold);
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
            LogFailure("list doctor-days", "-", e);
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
            LogFailure("load doctors", "-", e);
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
            LogFailure("save doctor", "-", e);
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

    /// <summary>Closes the write connection and the pooled connections to the file, so it can be moved or
    /// deleted.</summary>
    public void Dispose()
    {
        _writeGate.Wait();
        try
        {
            _writer?.Dispose();
            _writer = null;
        }
        finally
        {
            _writeGate.Release();
        }

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

    /// <summary>Logs a failed read or registry write once, by error type and code.</summary>
    private void LogFailure(string operation, string partitions, DbException error)
    {
        if (_logger.IsEnabled(LogLevel.Error))
        {
            StoreLog.OperationFailed(
                _logger,
                StoreName,
                operation,
                -1,
                error.GetType().Name,
                StoreLog.ErrorCode(error),
                partitions,
                0
            );
        }
    }

    private static void FailAll(IReadOnlyList<CommitRequest> batch, Func<CommitRequest, Exception> failure)
    {
        foreach (var request in batch)
        {
            request.Failure = failure(request);
        }
    }

    /// <summary>Checks a connection string for the string constructor, which throws
    /// <see cref="ArgumentException"/>.</summary>
    private static SqliteStateStoreOptions OptionsFor(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        if (SqliteStateStoreOptionsValidator.ConnectionStringError(connectionString) is { } error)
        {
            throw new ArgumentException(error, nameof(connectionString));
        }

        return new SqliteStateStoreOptions { ConnectionString = connectionString };
    }

    private StateStoreException Failure(PartitionKey partition, string operation, DbException error) =>
        new(
            partition,
            $"Could not {operation} doctor-day {partition} in SQLite database '{DataSource}': {error.Message}",
            error
        );
}
