using System.Collections.Immutable;
using System.Data;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Storage.Relational;

namespace OpdTokens.Allocation.PostgreSql;

/// <summary>An <see cref="IStateStore"/> in a PostgreSQL database that several app instances can share.</summary>
/// <remarks>
/// <para>Commits are grouped: concurrent commits (of different doctor-days) queue, and one writer sends a batch of
/// them in one round trip (an <c>NpgsqlBatch</c> of prepared statements) that the server runs as one transaction
/// with one flush of its log. Each change is one statement that moves the doctor-day's row from the expected version
/// to the new one (<c>UPDATE … WHERE version = expected</c>, or <c>INSERT … ON CONFLICT DO NOTHING</c> for a new
/// doctor-day) and upserts only the changed slots, tokens and idempotency records, each only if the row moved. When
/// another instance committed first, that change writes nothing and fails with
/// <see cref="ConcurrencyConflictException"/>, so the engine reloads and re-runs the command; the rest of the batch
/// commits. A row the database refuses fails only its change (the batch is sent again without it); a database error
/// fails the batch. A lone commit is sent at once. Loads read in one repeatable-read snapshot.</para>
/// <para>The tables live in their own schema (<c>opdtokens</c> unless chosen), created or migrated on first use (or
/// by <see cref="EnsureSchemaAsync"/>, which <c>UsePostgreSqlStore</c> runs at start-up) under an advisory lock, so
/// instances starting at once migrate it once; the schema records its version.</para>
/// <para>Database errors surface as <see cref="StateStoreException"/>. Every call honours its cancellation token even
/// when the server does not answer: Npgsql asks the server to cancel and, after the connection string's
/// <c>Cancellation Timeout</c> (2 seconds unless set), drops the connection. A queued commit whose token is cancelled
/// is removed from the queue; a batch being written is cancelled only when all of its callers have cancelled. After a
/// lost connection the store drops its idle pooled connections, so it works again as soon as the server is back.
/// Failures, refused changes, conflicts and slow batches are logged to the optional logger.</para>
/// <para>This type is thread-safe.</para>
/// </remarks>
[DebuggerDisplay("PostgreSqlStateStore {Schema,nq}")]
public sealed partial class PostgreSqlStateStore : IStateStore, IAsyncDisposable, IDisposable
{
    /// <summary>The schema used when none is chosen.</summary>
    public const string DefaultSchema = "opdtokens";

    /// <summary>The store's name in log lines.</summary>
    private const string StoreName = "PostgreSQL";

    /// <summary>The connections; owned unless the host passed its own data source.</summary>
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Whether disposing the store disposes <see cref="_dataSource"/>.</summary>
    private readonly bool _ownsDataSource;

    /// <summary>The store's SQL over its schema.</summary>
    private readonly PostgreSqlRows _rows;

    /// <summary>Serialises the schema check.</summary>
    private readonly SemaphoreSlim _schemaGate = new(1, 1);

    /// <summary>Groups concurrent commits into batches.</summary>
    private readonly GroupCommitQueue _commits;

    private readonly ILogger _logger;

    private readonly TimeSpan _slowCommitThreshold;

    /// <summary>Whether the schema is known to be current.</summary>
    private volatile bool _schemaReady;

    /// <summary>Creates a store over a database with the default settings; nothing is opened until first
    /// use.</summary>
    /// <param name="connectionString">An Npgsql connection string, such as
    /// <c>Host=db;Database=opd;Username=opd;Password=…</c>.</param>
    /// <param name="schema">The schema of the store's tables: 1 to 63 lower-case letters, digits and underscores,
    /// starting with a letter or underscore.</param>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty or not valid, or
    /// <paramref name="schema"/> is not a valid schema name.</exception>
    public PostgreSqlStateStore(string connectionString, string schema = DefaultSchema)
        : this(CheckedOptions(connectionString, schema, needsConnectionString: true), logger: null) { }

    /// <summary>Creates a store over a data source the host owns (and disposes), with the default settings.</summary>
    /// <param name="dataSource">The data source.</param>
    /// <param name="schema">The schema of the store's tables: 1 to 63 lower-case letters, digits and underscores,
    /// starting with a letter or underscore.</param>
    /// <exception cref="ArgumentNullException"><paramref name="dataSource"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="schema"/> is not a valid schema name.</exception>
    public PostgreSqlStateStore(NpgsqlDataSource dataSource, string schema = DefaultSchema)
        : this(
            dataSource ?? throw new ArgumentNullException(nameof(dataSource)),
            CheckedOptions(null, schema, needsConnectionString: false),
            ownsDataSource: false,
            logger: null
        ) { }

    /// <summary>Creates a store from settings; nothing is opened until first use.</summary>
    /// <param name="options">The settings, with a connection string; read once, here.</param>
    /// <param name="logger">Where failures, refused changes, conflicts and slow commits are logged; none when
    /// <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException">A setting is not valid; the message names every bad
    /// one.</exception>
    public PostgreSqlStateStore(PostgreSqlStateStoreOptions options, ILogger<PostgreSqlStateStore>? logger = null)
        : this(CreateDataSource(Validated(options, needsConnectionString: true)), options, ownsDataSource: true, logger)
    { }

    /// <summary>Creates a store from settings over a data source the host owns (and disposes); the options'
    /// connection string is not used.</summary>
    /// <param name="dataSource">The data source.</param>
    /// <param name="options">The settings; read once, here.</param>
    /// <param name="logger">Where failures, refused changes, conflicts and slow commits are logged; none when
    /// <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException">A setting is not valid; the message names every bad
    /// one.</exception>
    public PostgreSqlStateStore(
        NpgsqlDataSource dataSource,
        PostgreSqlStateStoreOptions options,
        ILogger<PostgreSqlStateStore>? logger = null
    )
        : this(
            dataSource ?? throw new ArgumentNullException(nameof(dataSource)),
            Validated(options, needsConnectionString: false),
            ownsDataSource: false,
            logger
        ) { }

    private PostgreSqlStateStore(
        NpgsqlDataSource dataSource,
        PostgreSqlStateStoreOptions options,
        bool ownsDataSource,
        ILogger? logger
    )
    {
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        Schema = options.Schema;
        _rows = new PostgreSqlRows(Schema);
        _logger = logger ?? NullLogger.Instance;
        _slowCommitThreshold = options.SlowCommitThreshold;
        _commits = new GroupCommitQueue(WriteBatchAsync, options.MaxBatchSize, options.MaxBatchBytes);
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

            await StoreCall
                .RunAsync(
                    async token =>
                    {
                        var connection = await _dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
                        await using (connection.ConfigureAwait(false))
                        {
                            await PostgreSqlSchema.MigrateAsync(connection, Schema, token).ConfigureAwait(false);
                        }
                    },
                    TimeSpan.Zero,
                    cancellationToken
                )
                .ConfigureAwait(false);

            _schemaReady = true;
        }
        catch (NpgsqlException e)
        {
            LogFailure("prepare the schema", "-", e);
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
            return await StoreCall
                .RunAsync(
                    async token =>
                    {
                        var connection = await _dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
                        await using (connection.ConfigureAwait(false))
                        {
                            var transaction = await connection
                                .BeginTransactionAsync(IsolationLevel.RepeatableRead, token)
                                .ConfigureAwait(false);
                            await using (transaction.ConfigureAwait(false))
                            {
                                return await _rows
                                    .ReadDayAsync(connection, transaction, partition, token)
                                    .ConfigureAwait(false);
                            }
                        }
                    },
                    TimeSpan.Zero,
                    cancellationToken
                )
                .ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            LogFailure("load", partition.ToString(), e);
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
        // Queued with the concurrent commits of other doctor-days; completes once its batch is committed.
        await _commits.CommitAsync(change, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes one batch in one round trip and one implicit transaction, and sets each change's outcome. A
    /// change whose row the database refuses is dropped and the rest sent again.</summary>
    private async ValueTask WriteBatchAsync(IReadOnlyList<CommitRequest> batch, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        // One lock order for every instance: by doctor-day, so two instances' batches never wait on each other's rows
        // in a cycle.
        var pending = batch.OrderBy(r => r.Partition).ToArray();
        // Every change is read once, here, before anything is sent: a batch given up on may still be running in the
        // background after its callers were answered, and must not read their changes then.
        var outcomes = new Exception?[pending.Length];
        var statements = new NpgsqlBatchCommand?[pending.Length];
        for (var i = 0; i < pending.Length; i++)
        {
            try
            {
                statements[i] = _rows.WriteChangeCommand(pending[i].Change, _outboxEnabled);
            }
            catch (ArgumentException e)
            {
                outcomes[i] = e;
            }
        }

        var progress = new BatchProgress();
        try
        {
            await StoreCall
                .RunAsync(
                    token => SendAsync(pending, statements, outcomes, progress, token),
                    AbandonGrace,
                    cancellationToken
                )
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!progress.Sent || e.InnerException is PostgresException)
        {
            // Every caller gave up, and the server either never got the batch or confirmed it cancelled it.
            FailAll(pending, r => new OperationCanceledException(r.CancellationToken));
            return;
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException)
        {
            var outcome =
                !progress.Sent || e is PostgresException
                    ? "Nothing of the change was stored."
                    : "The batch failed or was given up while it was committing, so the change may or may not be "
                        + "stored; the engine published nothing and reloads the doctor-day on its next command.";
            var error = e as NpgsqlException ?? new NpgsqlException("The commit was cancelled in flight.", e);
            StoreLog.BatchFailed(_logger, StoreName, pending, started, error);
            FailAll(pending, r => Failure($"Could not commit doctor-day {r.Partition}", error, r.Partition, outcome));
            return;
        }

        for (var i = 0; i < pending.Length; i++)
        {
            pending[i].Failure = outcomes[i];
        }

        StoreLog.BatchWritten(_logger, StoreName, batch, started, _slowCommitThreshold);
    }

    /// <summary>Sends the encoded changes whose outcome is not yet set, again without any the server refuses, until
    /// the server has committed a run.</summary>
    private async Task SendAsync(
        CommitRequest[] pending,
        NpgsqlBatchCommand?[] statements,
        Exception?[] outcomes,
        BatchProgress progress,
        CancellationToken cancellationToken
    )
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            while (true)
            {
                var included = new List<int>(pending.Length);
                using var command = new NpgsqlBatch(connection);
                for (var i = 0; i < pending.Length; i++)
                {
                    if (statements[i] is { } statement && outcomes[i] is null or ConcurrencyConflictException)
                    {
                        // Outcomes of a run the server rolled back do not count; each run gets fresh commands.
                        outcomes[i] = null;
                        command.BatchCommands.Add(Copy(statement));
                        included.Add(i);
                    }
                }

                if (included.Count == 0)
                {
                    return;
                }

                var answered = new StrongBox<int>();
                try
                {
                    await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
                    progress.Sent = true;
                    await ExecuteAsync(command, pending, included, outcomes, answered, cancellationToken)
                        .ConfigureAwait(false);
                    return;
                }
                catch (PostgresException e) when (IsChangeError(e) && answered.Value < included.Count)
                {
                    // The server runs the statements in order and stops at the first error, so the refused change is
                    // the first one without an answer. It rolled the whole run back: fail that change alone and send
                    // the rest again.
                    var refused = included[answered.Value];
                    var partition = pending[refused].Partition;
                    outcomes[refused] = new StateStoreException(
                        partition,
                        $"Could not commit doctor-day {partition} in PostgreSQL schema '{Schema}': "
                            + $"{e.Message.TrimEnd('.')}. Nothing of the change was stored.",
                        e
                    );
                    progress.Sent = false;
                }
            }
        }
    }

    /// <summary>A fresh command with the same SQL and copies of the parameters, for a batch sent again.</summary>
    private static NpgsqlBatchCommand Copy(NpgsqlBatchCommand statement)
    {
        var copy = new NpgsqlBatchCommand(statement.CommandText);
        foreach (NpgsqlParameter parameter in statement.Parameters)
        {
            copy.Parameters.Add(parameter.Clone());
        }

        return copy;
    }

    /// <summary>Runs the batch and reads each change's row: 0 partition rows moved is a conflict. Returns once the
    /// server has answered the whole batch, so the implicit transaction is committed.</summary>
    private static async Task ExecuteAsync(
        NpgsqlBatch command,
        CommitRequest[] pending,
        List<int> included,
        Exception?[] outcomes,
        StrongBox<int> answered,
        CancellationToken cancellationToken
    )
    {
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            foreach (var index in included)
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new InvalidOperationException("A change statement returned no row.");
                }

                var moved = reader.GetInt64(0);
                long? stored = reader.IsDBNull(1) ? null : reader.GetInt64(1);
                if (moved == 0)
                {
                    var request = pending[index];
                    // The statement's snapshot shows the version before any writer it waited for: when that is the
                    // expected one, the version that beat it is not known.
                    var actual =
                        stored is null ? (request.ExpectedVersion == 0 ? null : 0)
                        : stored == request.ExpectedVersion ? null
                        : stored;
                    outcomes[index] = new ConcurrencyConflictException(
                        request.Partition,
                        request.ExpectedVersion,
                        actual
                    );
                }

                answered.Value++;
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Whether a server error is about one change's rows (a constraint, bad data, a trigger's refusal)
    /// rather than the database: the batch goes again without that change.</summary>
    private static bool IsChangeError(PostgresException error) =>
        error.SqlState.Length == 5 && error.SqlState[..2] is "22" or "23" or "27" or "2F" or "44" or "P0";

    /// <summary>Logs a failed read, registry write or schema step once, by error type and code.</summary>
    private void LogFailure(string operation, string partitions, NpgsqlException error)
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

    /// <summary>How long a write whose callers all gave up is still waited for, so a live server's answer is its real
    /// outcome; after that a frozen server's is given up on.</summary>
    private static readonly TimeSpan AbandonGrace = TimeSpan.FromSeconds(1);

    /// <summary>Whether a batch has gone to the server, so its outcome is unknown if its answer never comes.</summary>
    private sealed class BatchProgress
    {
        private volatile bool _sent;

        public bool Sent
        {
            get => _sent;
            set => _sent = value;
        }
    }

    private static void FailAll(IReadOnlyList<CommitRequest> batch, Func<CommitRequest, Exception> failure)
    {
        foreach (var request in batch)
        {
            request.Failure = failure(request);
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
            return await StoreCall
                .RunAsync<ImmutableArray<PartitionKey>>(
                    async token =>
                    {
                        var connection = await _dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
                        await using (connection.ConfigureAwait(false))
                        {
                            var keys = await _rows
                                .ReadPartitionKeysAsync(connection, onDate, token)
                                .ConfigureAwait(false);
                            // Sorted here, not by the database, whose text collation need not be ordinal.
                            return [.. keys.Order()];
                        }
                    },
                    TimeSpan.Zero,
                    cancellationToken
                )
                .ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            LogFailure("list doctor-days", "-", e);
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
            return await StoreCall
                .RunAsync<ImmutableArray<Doctor>>(
                    async token =>
                    {
                        var connection = await _dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
                        await using (connection.ConfigureAwait(false))
                        {
                            var doctors = await _rows.ReadDoctorsAsync(connection, token).ConfigureAwait(false);
                            return [.. doctors.OrderBy(d => d.Id)];
                        }
                    },
                    TimeSpan.Zero,
                    cancellationToken
                )
                .ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            LogFailure("load doctors", "-", e);
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
            written = await StoreCall
                .RunAsync(
                    async token =>
                    {
                        var connection = await _dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
                        await using (connection.ConfigureAwait(false))
                        {
                            return await _rows.WriteDoctorAsync(connection, doctor, isNew, token).ConfigureAwait(false);
                        }
                    },
                    AbandonGrace,
                    cancellationToken
                )
                .ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            LogFailure("save doctor", "-", e);
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

    /// <summary>Whether a name is a schema name the store accepts (and can quote without escaping).</summary>
    internal static bool IsSchemaName(string schema) => SchemaName().IsMatch(schema);

    /// <summary>Creates the store's own data source. TCP keepalives are on unless the connection string says
    /// otherwise, so a connection to a vanished server host is found dead.</summary>
    private static NpgsqlDataSource CreateDataSource(PostgreSqlStateStoreOptions options)
    {
        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        if (!builder.ConnectionStringBuilder.ContainsKey("Tcp Keepalive"))
        {
            builder.ConnectionStringBuilder.TcpKeepAlive = true;
        }

        return builder.Build();
    }

    private static PostgreSqlStateStoreOptions Validated(
        PostgreSqlStateStoreOptions options,
        bool needsConnectionString
    )
    {
        ArgumentNullException.ThrowIfNull(options);
        PostgreSqlStateStoreOptionsValidator.ThrowIfInvalid(options, needsConnectionString);
        return options;
    }

    /// <summary>Checks the arguments of the string constructors, which throw <see cref="ArgumentException"/>.</summary>
    internal static PostgreSqlStateStoreOptions CheckedOptions(
        string? connectionString,
        string schema,
        bool needsConnectionString
    )
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (PostgreSqlStateStoreOptionsValidator.SchemaError(schema) is { } schemaError)
        {
            throw new ArgumentException(schemaError, nameof(schema));
        }

        if (needsConnectionString)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
            if (PostgreSqlStateStoreOptionsValidator.ConnectionStringError(connectionString) is { } error)
            {
                throw new ArgumentException(error, nameof(connectionString));
            }
        }

        return new PostgreSqlStateStoreOptions { ConnectionString = connectionString, Schema = schema };
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
