using Npgsql;
using NpgsqlTypes;
using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Storage.Relational;

namespace OpdTokens.Allocation.PostgreSql;

/// <summary>The SQL of the store over one PostgreSQL schema: reading a doctor-day, writing a change's rows, the
/// registry.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
internal sealed class PostgreSqlRows
{
    private readonly string _selectPartition;
    private readonly string _selectSlots;
    private readonly string _selectTokens;
    private readonly string _selectRecords;
    private readonly string _insertPartition;
    private readonly string _updatePartition;
    private readonly string _selectVersion;
    private readonly string _upsertSlot;
    private readonly string _upsertToken;
    private readonly string _upsertRecord;
    private readonly string _selectKeys;
    private readonly string _selectKeysOfDate;
    private readonly string _selectDoctors;
    private readonly string _insertDoctor;
    private readonly string _upsertDoctor;

    public PostgreSqlRows(string schema)
    {
        var s = PostgreSqlSchema.Quote(schema);
        const string OfDay = "WHERE doctor_id = $1 AND date = $2";
        _selectPartition = $"SELECT version, delay_ticks FROM {s}.partitions {OfDay}";
        _selectSlots = $"SELECT {StoredRows.SlotColumns} FROM {s}.slots {OfDay}";
        _selectTokens = $"SELECT {StoredRows.TokenColumns} FROM {s}.tokens {OfDay}";
        _selectRecords = $"SELECT {StoredRows.RecordColumns} FROM {s}.idempotency_records {OfDay}";
        _insertPartition =
            $"INSERT INTO {s}.partitions (doctor_id, date, version, delay_ticks) VALUES ($1, $2, $3, $4) "
            + "ON CONFLICT DO NOTHING";
        _updatePartition = $"UPDATE {s}.partitions SET version = $3, delay_ticks = $4 {OfDay} AND version = $5";
        _selectVersion = $"SELECT version FROM {s}.partitions {OfDay}";
        _upsertSlot = $"""
            INSERT INTO {s}.slots (doctor_id, date, number, starts_at, ends_at, max_capacity, is_active)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (doctor_id, date, number) DO UPDATE SET
                starts_at = excluded.starts_at, ends_at = excluded.ends_at,
                max_capacity = excluded.max_capacity, is_active = excluded.is_active
            """;
        _upsertToken = $"""
            INSERT INTO {s}.tokens (doctor_id, date, {StoredRows.TokenColumns})
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
                $23, $24)
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
                patient_attributes = excluded.patient_attributes
            """;
        _upsertRecord = $"""
            INSERT INTO {s}.idempotency_records
                (doctor_id, date, key, request_fingerprint, token_sequence, outcome, bumped_token_sequence)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (doctor_id, date, key) DO UPDATE SET
                request_fingerprint = excluded.request_fingerprint, token_sequence = excluded.token_sequence,
                outcome = excluded.outcome, bumped_token_sequence = excluded.bumped_token_sequence
            """;
        _selectKeys = $"SELECT doctor_id, date FROM {s}.partitions";
        _selectKeysOfDate = $"SELECT doctor_id, date FROM {s}.partitions WHERE date = $1";
        _selectDoctors = $"SELECT {StoredRows.DoctorColumns} FROM {s}.doctors";
        const string InsertDoctor = "(id, name, specialty, is_active) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO";
        _insertDoctor = $"INSERT INTO {s}.doctors {InsertDoctor} NOTHING";
        _upsertDoctor =
            $"INSERT INTO {s}.doctors {InsertDoctor} UPDATE SET "
            + "name = excluded.name, specialty = excluded.specialty, is_active = excluded.is_active";
    }

    /// <summary>Reads a doctor-day in one round trip; call it in a repeatable-read transaction so every row comes
    /// from the same commit.</summary>
    public async Task<DoctorDay?> ReadDayAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        PartitionKey key,
        CancellationToken cancellationToken
    )
    {
        using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var sql in new[] { _selectPartition, _selectSlots, _selectTokens, _selectRecords })
        {
            batch.BatchCommands.Add(OfDay(sql, key));
        }

        var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var version = reader.GetInt64(0);
        var delay = TimeSpan.FromTicks(reader.GetInt64(1));

        var slots = new List<Slot>();
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            slots.Add(StoredRows.ReadSlot(reader, key));
        }

        var tokens = new List<Token>();
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            tokens.Add(StoredRows.ReadToken(reader, key));
        }

        var records = new List<IdempotencyRecord>();
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(StoredRows.ReadRecord(reader, key));
        }

        return DoctorDay.Create(key, version, delay, slots, tokens, records);
    }

    /// <summary>Moves the partition row to the change's version if it is at the expected one (inserting it for
    /// version 0). A concurrent writer of the same row waits for this transaction, then finds the version moved.</summary>
    /// <returns><see langword="null"/> when written; else the stored version, 0 when the doctor-day is not
    /// stored.</returns>
    public async Task<long?> WritePartitionAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        PartitionChange change,
        CancellationToken cancellationToken
    )
    {
        var key = change.Partition;
        using var command = new NpgsqlCommand(
            change.ExpectedVersion == 0 ? _insertPartition : _updatePartition,
            connection,
            transaction
        );
        AddKey(command.Parameters, key);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = change.NewVersion });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = change.Delay.Ticks });
        if (change.ExpectedVersion != 0)
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = change.ExpectedVersion });
        }

        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
        {
            return null;
        }

        using var version = new NpgsqlCommand(_selectVersion, connection, transaction);
        AddKey(version.Parameters, key);
        return await version.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long stored ? stored : 0;
    }

    /// <summary>Upserts the slots, tokens and idempotency records the change names, in one round trip; nothing else
    /// is written.</summary>
    public async Task WriteDeltasAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        PartitionChange change,
        CancellationToken cancellationToken
    )
    {
        var key = change.Partition;
        using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var slot in change.Slots)
        {
            batch.BatchCommands.Add(
                OfDay(
                    _upsertSlot,
                    key,
                    StoredValues.SlotNumber(key, slot.Id),
                    StoredValues.Instant(slot.StartsAt),
                    StoredValues.Instant(slot.EndsAt),
                    slot.MaxCapacity,
                    slot.IsActive
                )
            );
        }

        foreach (var token in change.Tokens)
        {
            batch.BatchCommands.Add(TokenUpsert(key, token));
        }

        foreach (var record in change.IdempotencyRecords)
        {
            batch.BatchCommands.Add(
                OfDay(
                    _upsertRecord,
                    key,
                    record.Key,
                    record.RequestFingerprint,
                    StoredValues.TokenSequence(key, record.TokenId),
                    record.Outcome.ToString(),
                    StoredValues.TokenSequence(key, record.BumpedTokenId)
                )
            );
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<List<PartitionKey>> ReadPartitionKeysAsync(
        NpgsqlConnection connection,
        DateOnly? onDate,
        CancellationToken cancellationToken
    )
    {
        using var command = new NpgsqlCommand(onDate is null ? _selectKeys : _selectKeysOfDate, connection);
        if (onDate is { } date)
        {
            command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = date });
        }

        var keys = new List<PartitionKey>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(new PartitionKey(new DoctorId(reader.GetString(0)), reader.GetFieldValue<DateOnly>(1)));
        }

        return keys;
    }

    public async Task<List<Doctor>> ReadDoctorsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(_selectDoctors, connection);
        var doctors = new List<Doctor>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            doctors.Add(StoredRows.ReadDoctor(reader));
        }

        return doctors;
    }

    /// <summary>Inserts a doctor, or upserts one when it need not be new.</summary>
    /// <returns><see langword="false"/> when a new doctor's id is taken.</returns>
    public async Task<bool> WriteDoctorAsync(
        NpgsqlConnection connection,
        Doctor doctor,
        bool isNew,
        CancellationToken cancellationToken
    )
    {
        using var command = new NpgsqlCommand(isNew ? _insertDoctor : _upsertDoctor, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = doctor.Id.Value });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = doctor.Name });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = doctor.Specialty });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = doctor.IsActive });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private NpgsqlBatchCommand TokenUpsert(PartitionKey key, Token token)
    {
        if (token.Partition != key)
        {
            throw new ArgumentException($"Token {token.Id} is not a token of doctor-day {key}.", nameof(token));
        }

        var command = OfDay(
            _upsertToken,
            key,
            token.Sequence,
            token.Number,
            StoredValues.SlotNumber(key, token.SlotId),
            token.Patient.Name,
            token.Patient.Phone,
            token.Patient.PatientId,
            token.Source.ToString(),
            token.Status.ToString(),
            token.PriorityScore,
            token.IsOverflow,
            token.BumpCount,
            StoredValues.Instant(token.CreatedAt),
            StoredValues.Instant(token.AllocatedAt),
            StoredValues.Instant(token.CheckedInAt),
            StoredValues.Instant(token.ConsultationStartedAt),
            StoredValues.Instant(token.CompletedAt),
            StoredValues.Instant(token.CancelledAt),
            StoredValues.Instant(token.NoShowAt),
            token.CancellationReason
        );
        command.Parameters.Add(
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = StoredValues.History(key, token.History) }
        );
        command.Parameters.Add(
            new NpgsqlParameter
            {
                NpgsqlDbType = NpgsqlDbType.Date,
                Value = (object?)token.Patient.DateOfBirth ?? DBNull.Value,
            }
        );
        command.Parameters.Add(
            new NpgsqlParameter
            {
                NpgsqlDbType = NpgsqlDbType.Jsonb,
                Value = StoredValues.Attributes(token.Patient.Attributes),
            }
        );
        return command;
    }

    /// <summary>A batch command whose <c>$1</c> and <c>$2</c> are the doctor-day's key, then the given values.</summary>
    private static NpgsqlBatchCommand OfDay(string sql, PartitionKey key, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        AddKey(command.Parameters, key);
        foreach (var value in values)
        {
            // An untyped null takes the type of the column it goes into.
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

    private static void AddKey(NpgsqlParameterCollection parameters, PartitionKey key)
    {
        parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Doctor.Value });
        parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = key.Date });
    }
}
