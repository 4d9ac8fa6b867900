using System.Diagnostics;
using Microsoft.Data.Sqlite;
using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Storage.Relational;

namespace OpdTokens.Allocation.Sqlite;

/// <summary>The store's one write connection and its prepared statements: writes a batch of changes in one
/// transaction, each change inside a savepoint of its own.</summary>
/// <remarks>Used by one writer at a time (the store's write gate). After a database error the store disposes it and
/// opens a new one for the next batch.</remarks>
internal sealed class SqliteBatchWriter : IDisposable
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteConstraint = 19;
    private const int SqliteMismatch = 20;
    private const int SqliteRange = 25;

    private readonly SqliteConnection _connection;
    private readonly List<SqliteCommand> _commands = [];
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _commit;
    private readonly SqliteCommand _rollback;
    private readonly SqliteCommand _savepoint;
    private readonly SqliteCommand _release;
    private readonly SqliteCommand _rollbackToSavepoint;
    private readonly SqliteCommand _insertPartition;
    private readonly SqliteCommand _updatePartition;
    private readonly SqliteCommand _selectVersion;
    private readonly SqliteCommand _upsertSlot;
    private readonly SqliteCommand _upsertToken;
    private readonly SqliteCommand _upsertRecord;
    private readonly SqliteCommand _insertOutbox;

    /// <summary>How long a batch waits for another process's write lock; zero waits as long as its callers do.</summary>
    private readonly TimeSpan _busyLimit;

    private SqliteBatchWriter(SqliteConnection connection, TimeSpan busyLimit)
    {
        _connection = connection;
        _busyLimit = busyLimit;
        // Each attempt waits up to a second for the lock, so a batch whose callers all gave up stops within about one.
        _begin = Prepare("BEGIN IMMEDIATE;", timeoutSeconds: 1);
        _commit = Prepare("COMMIT;");
        _rollback = Prepare("ROLLBACK;");
        _savepoint = Prepare("SAVEPOINT change;");
        _release = Prepare("RELEASE change;");
        _rollbackToSavepoint = Prepare("ROLLBACK TO change; RELEASE change;");
        _insertPartition = Prepare(
            """
            INSERT INTO opd_partitions (doctor_id, date, version, delay_ticks)
            VALUES ($doctor, $date, $version, $delay) ON CONFLICT DO NOTHING;
            """
        );
        _updatePartition = Prepare(
            """
            UPDATE opd_partitions SET version = $version, delay_ticks = $delay
            WHERE doctor_id = $doctor AND date = $date AND version = $expected;
            """
        );
        _selectVersion = Prepare("SELECT version FROM opd_partitions WHERE doctor_id = $doctor AND date = $date;");
        _upsertSlot = Prepare(
            """
            INSERT INTO opd_slots (doctor_id, date, number, starts_at, ends_at, max_capacity, is_active)
            VALUES ($doctor, $date, $number, $starts_at, $ends_at, $max_capacity, $is_active)
            ON CONFLICT (doctor_id, date, number) DO UPDATE SET
                starts_at = excluded.starts_at, ends_at = excluded.ends_at,
                max_capacity = excluded.max_capacity, is_active = excluded.is_active;
            """
        );
        _upsertToken = Prepare(
            $"""
            INSERT INTO opd_tokens (doctor_id, date, {StoredRows.TokenColumns})
            VALUES ($doctor, $date, $sequence, $number, $slot_number, $patient_name, $patient_phone, $patient_id,
                $source, $status, $priority_score, $is_overflow, $bump_count, $created_at, $allocated_at,
                $checked_in_at, $consultation_started_at, $completed_at, $cancelled_at, $no_show_at,
                $cancellation_reason, $history, $patient_date_of_birth, $patient_attributes)
            ON CONFLICT (doctor_id, date, sequence) DO UPDATE SET
                number = excluded.number, slot_number = excluded.slot_number,
                patient_name = excluded.patient_name, patient_phone = excluded.patient_phone,
                patient_id = excluded.patient_id, source = excluded.source, status = excluded.status,
                priority_score = excluded.priority_score, is_overflow = excluded.is_overflow,
                bump_count = excluded.bump_count, created_at = excluded.created_at,
                allocated_at = excluded.allocated_at, checked_in_at = excluded.checked_in_at,
                consultation_started_at = excluded.consultation_started_at,
                completed_at = excluded.completed_at, cancelled_at = excluded.cancelled_at,
                no_show_at = excluded.no_show_at, cancellation_reason = excluded.cancellation_reason,
                history = excluded.history, patient_date_of_birth = excluded.patient_date_of_birth,
                patient_attributes = excluded.patient_attributes;
            """
        );
        _upsertRecord = Prepare(
            """
            INSERT INTO opd_idempotency_records
                (doctor_id, date, key, request_fingerprint, token_sequence, outcome, bumped_token_sequence)
            VALUES ($doctor, $date, $key, $fingerprint, $token_sequence, $outcome, $bumped_token_sequence)
            ON CONFLICT (doctor_id, date, key) DO UPDATE SET
                request_fingerprint = excluded.request_fingerprint, token_sequence = excluded.token_sequence,
                outcome = excluded.outcome, bumped_token_sequence = excluded.bumped_token_sequence;
            """
        );
        _insertOutbox = Prepare(
            """
            INSERT INTO opd_outbox (doctor_id, date, version, sequence, kind, payload)
            VALUES ($doctor, $date, $version, $sequence, $kind, $payload);
            """
        );
    }

    /// <summary>Opens the write connection with the settings durability depends on.</summary>
    public static SqliteBatchWriter Open(string connectionString)
    {
        var busyLimit = TimeSpan.FromSeconds(new SqliteConnectionStringBuilder(connectionString).DefaultTimeout);
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            using (var settings = connection.CreateCommand())
            {
                // synchronous is not stored in the file: FULL makes every commit wait for the WAL to reach the disk.
                settings.CommandText = "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";
                settings.ExecuteNonQuery();
            }

            return new SqliteBatchWriter(connection, busyLimit);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Writes a batch in one transaction and one flush: a stale version fails its own change with
    /// <see cref="ConcurrencyConflictException"/>, a row the database refuses (a constraint) or cannot take fails its
    /// own change, and the others commit.</summary>
    /// <exception cref="SqliteException">A database error: the transaction is rolled back, nothing is
    /// stored.</exception>
    /// <exception cref="OperationCanceledException">Every caller of the batch cancelled before it was committed:
    /// nothing is stored.</exception>
    /// <param name="batch">The changes.</param>
    /// <param name="dataSource">The file, for error messages.</param>
    /// <param name="outbox">Whether each change's events go to the outbox table too.</param>
    /// <param name="cancellationToken">Cancels the batch while no caller waits for it.</param>
    public void Write(
        IReadOnlyList<CommitRequest> batch,
        string dataSource,
        bool outbox,
        CancellationToken cancellationToken
    )
    {
        Begin(cancellationToken);
        try
        {
            foreach (var request in batch)
            {
                _savepoint.ExecuteNonQuery();
                try
                {
                    var stored = WriteChangeInTransaction(request.Change, outbox);
                    if (stored is null)
                    {
                        _release.ExecuteNonQuery();
                        continue;
                    }

                    request.Failure = new ConcurrencyConflictException(
                        request.Partition,
                        request.ExpectedVersion,
                        stored
                    );
                }
                catch (SqliteException e) when (IsChangeError(e))
                {
                    request.Failure = new StateStoreException(
                        request.Partition,
                        $"Could not commit doctor-day {request.Partition} in SQLite database '{dataSource}': {e.Message}",
                        e
                    );
                }
                catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
                {
                    // A change the store cannot encode (a row of another doctor-day) fails alone.
                    request.Failure = e;
                }

                _rollbackToSavepoint.ExecuteNonQuery();
            }

            // Past this point the batch is not cancelled: it either lands whole or fails.
            cancellationToken.ThrowIfCancellationRequested();
            _commit.ExecuteNonQuery();
        }
        catch
        {
            RollBackQuietly();
            throw;
        }
    }

    /// <summary>Writes one change inside the open transaction: moves the doctor-day's row from the expected version to
    /// the new one (inserting it for version 0), then upserts the slots, tokens and idempotency records the change
    /// names, and with <paramref name="outbox"/> its events as pending outbox rows (id: the new version and the
    /// event's place in the change). Everything a change stores goes here, so a stale change writes nothing.</summary>
    /// <returns><see langword="null"/> when written; else the stored version (0 when the doctor-day is not stored)
    /// and nothing was written.</returns>
    private long? WriteChangeInTransaction(PartitionChange change, bool outbox)
    {
        var key = change.Partition;
        var partition = change.ExpectedVersion == 0 ? _insertPartition : _updatePartition;
        SetKey(partition, key);
        Set(partition, "$version", change.NewVersion);
        Set(partition, "$delay", change.Delay.Ticks);
        if (change.ExpectedVersion != 0)
        {
            Set(partition, "$expected", change.ExpectedVersion);
        }

        if (partition.ExecuteNonQuery() != 1)
        {
            SetKey(_selectVersion, key);
            return _selectVersion.ExecuteScalar() is long stored ? stored : 0;
        }

        foreach (var slot in change.Slots)
        {
            SetKey(_upsertSlot, key);
            Set(_upsertSlot, "$number", StoredValues.SlotNumber(key, slot.Id));
            Set(_upsertSlot, "$starts_at", StoredValues.Instant(slot.StartsAt));
            Set(_upsertSlot, "$ends_at", StoredValues.Instant(slot.EndsAt));
            Set(_upsertSlot, "$max_capacity", slot.MaxCapacity);
            Set(_upsertSlot, "$is_active", slot.IsActive);
            _upsertSlot.ExecuteNonQuery();
        }

        foreach (var token in change.Tokens)
        {
            SetToken(_upsertToken, key, token);
            _upsertToken.ExecuteNonQuery();
        }

        foreach (var record in change.IdempotencyRecords)
        {
            SetKey(_upsertRecord, key);
            Set(_upsertRecord, "$key", record.Key);
            Set(_upsertRecord, "$fingerprint", record.RequestFingerprint);
            Set(_upsertRecord, "$token_sequence", StoredValues.TokenSequence(key, record.TokenId));
            Set(_upsertRecord, "$outcome", record.Outcome.ToString());
            Set(_upsertRecord, "$bumped_token_sequence", StoredValues.TokenSequence(key, record.BumpedTokenId));
            _upsertRecord.ExecuteNonQuery();
        }

        if (outbox)
        {
            var events = change.Events;
            for (var i = 0; i < events.Length; i++)
            {
                SetKey(_insertOutbox, key);
                Set(_insertOutbox, "$version", change.NewVersion);
                Set(_insertOutbox, "$sequence", i + 1);
                Set(_insertOutbox, "$kind", EventKinds.Of(events[i]));
                Set(_insertOutbox, "$payload", OutboxPayload.Write(events[i]));
                _insertOutbox.ExecuteNonQuery();
            }
        }

        return null;
    }

    public void Dispose()
    {
        foreach (var command in _commands)
        {
            command.Dispose();
        }

        _connection.Dispose();
    }

    /// <summary>Whether an error is about one change's rows rather than the database: the transaction goes on
    /// without that change.</summary>
    private static bool IsChangeError(SqliteException error) =>
        error.SqliteErrorCode is SqliteConstraint or SqliteMismatch or SqliteRange;

    /// <summary>Takes the write lock, waiting for another process's transaction up to the connection string's
    /// <c>Default Timeout</c> and for as long as one of the batch's callers waits.</summary>
    private void Begin(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                _begin.ExecuteNonQuery();
                return;
            }
            catch (SqliteException e) when (e.SqliteErrorCode is SqliteBusy or SqliteLocked)
            {
                if (_busyLimit > TimeSpan.Zero && Stopwatch.GetElapsedTime(started) >= _busyLimit)
                {
                    throw;
                }
            }
        }
    }

    private void RollBackQuietly()
    {
        try
        {
            _rollback.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // SQLite rolls a failed transaction back itself; "no transaction is active" is then expected.
        }
    }

    private SqliteCommand Prepare(string sql, int? timeoutSeconds = null)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        if (timeoutSeconds is { } timeout)
        {
            command.CommandTimeout = timeout;
        }

        _commands.Add(command);
        return command;
    }

    private static void SetToken(SqliteCommand command, PartitionKey key, Token token)
    {
        if (token.Partition != key)
        {
            throw new ArgumentException($"Token {token.Id} is not a token of doctor-day {key}.", nameof(token));
        }

        SetKey(command, key);
        Set(command, "$sequence", token.Sequence);
        Set(command, "$number", token.Number);
        Set(command, "$slot_number", StoredValues.SlotNumber(key, token.SlotId));
        Set(command, "$patient_name", token.Patient.Name);
        Set(command, "$patient_phone", token.Patient.Phone);
        Set(command, "$patient_id", token.Patient.PatientId);
        Set(command, "$source", token.Source.ToString());
        Set(command, "$status", token.Status.ToString());
        Set(command, "$priority_score", token.PriorityScore);
        Set(command, "$is_overflow", token.IsOverflow);
        Set(command, "$bump_count", token.BumpCount);
        Set(command, "$created_at", StoredValues.Instant(token.CreatedAt));
        Set(command, "$allocated_at", StoredValues.Instant(token.AllocatedAt));
        Set(command, "$checked_in_at", StoredValues.Instant(token.CheckedInAt));
        Set(command, "$consultation_started_at", StoredValues.Instant(token.ConsultationStartedAt));
        Set(command, "$completed_at", StoredValues.Instant(token.CompletedAt));
        Set(command, "$cancelled_at", StoredValues.Instant(token.CancelledAt));
        Set(command, "$no_show_at", StoredValues.Instant(token.NoShowAt));
        Set(command, "$cancellation_reason", token.CancellationReason);
        Set(command, "$history", StoredValues.History(key, token.History));
        Set(command, "$patient_date_of_birth", token.Patient.DateOfBirth is { } born ? StoredValues.Date(born) : null);
        Set(command, "$patient_attributes", StoredValues.Attributes(token.Patient.Attributes));
    }

    private static void SetKey(SqliteCommand command, PartitionKey key)
    {
        Set(command, "$doctor", key.Doctor.Value);
        Set(command, "$date", StoredValues.Date(key.Date));
    }

    /// <summary>Sets a parameter, adding it the first time, so one prepared command serves every row.</summary>
    private static void Set(SqliteCommand command, string name, object? value)
    {
        var parameters = command.Parameters;
        var index = parameters.IndexOf(name);
        if (index >= 0)
        {
            parameters[index].Value = value ?? DBNull.Value;
        }
        else
        {
            parameters.AddWithValue(name, value ?? DBNull.Value);
        }
    }
}
