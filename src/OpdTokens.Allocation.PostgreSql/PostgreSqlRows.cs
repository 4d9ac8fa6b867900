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
    private readonly string _insertChange;
    private readonly string _updateChange;
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
        _insertChange = ChangeStatement(
            s,
            $"INSERT INTO {s}.partitions (doctor_id, date, version, delay_ticks) VALUES ($1, $2, $3, $4) "
                + "ON CONFLICT DO NOTHING RETURNING version"
        );
        _updateChange = ChangeStatement(
            s,
            $"UPDATE {s}.partitions SET version = $3, delay_ticks = $4 {OfDay} AND version = $5 RETURNING version"
        );
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

    /// <summary>Writes one change as one statement of the batch's transaction: moves the doctor-day's row from the
    /// expected version to the new one (<c>UPDATE … WHERE version = expected</c>, or an insert that does nothing if
    /// the row exists, for version 0) and upserts the changed slots, tokens and idempotency records, each leg
    /// writing only when the version moved, and with <paramref name="outbox"/> its events as pending outbox rows (the
    /// leg <c>outbox_rows</c>, empty arrays otherwise). Everything a change stores is a leg of this statement, so a
    /// stale change writes nothing.</summary>
    /// <remarks>The statement returns one row: the number of partition rows moved (1, or 0 on a conflict) and the
    /// stored version as the statement found it. Its SQL is one of two fixed texts, so it is prepared once per
    /// connection.</remarks>
    public NpgsqlBatchCommand WriteChangeCommand(PartitionChange change, bool outbox)
    {
        var key = change.Partition;
        var command = new NpgsqlBatchCommand(change.ExpectedVersion == 0 ? _insertChange : _updateChange);
        var parameters = command.Parameters;
        AddKey(parameters, key);
        parameters.Add(new NpgsqlParameter<long> { TypedValue = change.NewVersion });
        parameters.Add(new NpgsqlParameter<long> { TypedValue = change.Delay.Ticks });
        parameters.Add(new NpgsqlParameter<long> { TypedValue = change.ExpectedVersion });

        var slots = new List<Slot>();
        foreach (var slot in change.Slots)
        {
            slots.Add(slot);
        }

        Add(parameters, slots.Select(s => StoredValues.SlotNumber(key, s.Id)).ToArray());
        Add(parameters, slots.Select(s => StoredValues.Instant(s.StartsAt)).ToArray());
        Add(parameters, slots.Select(s => StoredValues.Instant(s.EndsAt)).ToArray());
        Add(parameters, slots.Select(s => s.MaxCapacity).ToArray());
        Add(parameters, slots.Select(s => s.IsActive).ToArray());

        var tokens = new List<Token>();
        foreach (var token in change.Tokens)
        {
            tokens.Add(
                token.Partition == key
                    ? token
                    : throw new ArgumentException(
                        $"Token {token.Id} is not a token of doctor-day {key}.",
                        nameof(change)
                    )
            );
        }

        Add(parameters, tokens.Select(t => t.Sequence).ToArray());
        Add(parameters, tokens.Select(t => t.Number).ToArray());
        Add(
            parameters,
            tokens.Select(t => t.SlotId is { } slot ? StoredValues.SlotNumber(key, slot) : (int?)null).ToArray()
        );
        Add(parameters, tokens.Select(t => t.Patient.Name).ToArray());
        AddNullable(parameters, tokens.Select(t => t.Patient.Phone).ToArray());
        AddNullable(parameters, tokens.Select(t => t.Patient.PatientId).ToArray());
        Add(parameters, tokens.Select(t => t.Source.ToString()).ToArray());
        Add(parameters, tokens.Select(t => t.Status.ToString()).ToArray());
        Add(parameters, tokens.Select(t => t.PriorityScore).ToArray());
        Add(parameters, tokens.Select(t => t.IsOverflow).ToArray());
        Add(parameters, tokens.Select(t => t.BumpCount).ToArray());
        Add(parameters, tokens.Select(t => StoredValues.Instant(t.CreatedAt)).ToArray());
        AddNullable(parameters, tokens.Select(t => Instant(t.AllocatedAt)).ToArray());
        AddNullable(parameters, tokens.Select(t => Instant(t.CheckedInAt)).ToArray());
        AddNullable(parameters, tokens.Select(t => Instant(t.ConsultationStartedAt)).ToArray());
        AddNullable(parameters, tokens.Select(t => Instant(t.CompletedAt)).ToArray());
        AddNullable(parameters, tokens.Select(t => Instant(t.CancelledAt)).ToArray());
        AddNullable(parameters, tokens.Select(t => Instant(t.NoShowAt)).ToArray());
        AddNullable(parameters, tokens.Select(t => t.CancellationReason).ToArray());
        parameters.Add(
            new NpgsqlParameter
            {
                NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb,
                Value = tokens.Select(t => StoredValues.History(key, t.History)).ToArray(),
            }
        );
        parameters.Add(
            new NpgsqlParameter
            {
                NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date,
                Value = tokens.Select(t => t.Patient.DateOfBirth).ToArray(),
            }
        );
        AddNullable(parameters, tokens.Select(t => StoredValues.Attributes(t.Patient.Attributes) as string).ToArray());

        var records = new List<IdempotencyRecord>();
        foreach (var record in change.IdempotencyRecords)
        {
            records.Add(record);
        }

        Add(parameters, records.Select(r => r.Key).ToArray());
        Add(parameters, records.Select(r => r.RequestFingerprint).ToArray());
        Add(parameters, records.Select(r => Sequence(key, r.TokenId)).ToArray());
        Add(parameters, records.Select(r => r.Outcome.ToString()).ToArray());
        Add(
            parameters,
            records.Select(r => r.BumpedTokenId is { } bumped ? Sequence(key, bumped) : (int?)null).ToArray()
        );

        var events = outbox ? change.Events : [];
        Add(parameters, Enumerable.Range(1, events.Length).ToArray());
        Add(parameters, events.Select(EventKinds.Of).ToArray());
        Add(parameters, events.Select(OutboxPayload.Write).ToArray());
        return command;
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

    /// <summary>The SQL of one change: the partition statement <paramref name="partition"/> (parameters
    /// <c>$1</c>-<c>$5</c>: doctor, date, new version, delay, expected version) as the leg <c>p</c>, the row legs as
    /// unnested arrays (<c>$6</c>-<c>$40</c>), each writing only if <c>p</c> moved the row.</summary>
    private static string ChangeStatement(string s, string partition) =>
        $"""
            WITH p AS ({partition}),
            slot_rows AS (
                INSERT INTO {s}.slots (doctor_id, date, number, starts_at, ends_at, max_capacity, is_active)
                SELECT $1, $2, r.* FROM unnest($6::integer[], $7::text[], $8::text[], $9::integer[], $10::boolean[]) AS r
                WHERE EXISTS (SELECT 1 FROM p)
                ON CONFLICT (doctor_id, date, number) DO UPDATE SET
                    starts_at = excluded.starts_at, ends_at = excluded.ends_at,
                    max_capacity = excluded.max_capacity, is_active = excluded.is_active),
            token_rows AS (
                INSERT INTO {s}.tokens (doctor_id, date, {StoredRows.TokenColumns})
                SELECT $1, $2, r.* FROM unnest($11::integer[], $12::text[], $13::integer[], $14::text[], $15::text[],
                    $16::text[], $17::text[], $18::text[], $19::integer[], $20::boolean[], $21::integer[], $22::text[],
                    $23::text[], $24::text[], $25::text[], $26::text[], $27::text[], $28::text[], $29::text[],
                    $30::jsonb[], $31::date[], $32::jsonb[]) AS r
                WHERE EXISTS (SELECT 1 FROM p)
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
                    patient_attributes = excluded.patient_attributes),
            record_rows AS (
                INSERT INTO {s}.idempotency_records
                    (doctor_id, date, key, request_fingerprint, token_sequence, outcome, bumped_token_sequence)
                SELECT $1, $2, r.* FROM unnest($33::text[], $34::text[], $35::integer[], $36::text[], $37::integer[]) AS r
                WHERE EXISTS (SELECT 1 FROM p)
                ON CONFLICT (doctor_id, date, key) DO UPDATE SET
                    request_fingerprint = excluded.request_fingerprint, token_sequence = excluded.token_sequence,
                    outcome = excluded.outcome, bumped_token_sequence = excluded.bumped_token_sequence),
            outbox_rows AS (
                INSERT INTO {s}.outbox (doctor_id, date, version, sequence, kind, payload)
                SELECT $1, $2, $3, r.* FROM unnest($38::integer[], $39::text[], $40::text[]) AS r
                WHERE EXISTS (SELECT 1 FROM p))
            SELECT (SELECT count(*) FROM p), (SELECT version FROM {s}.partitions WHERE doctor_id = $1 AND date = $2)
            """;

    private static string? Instant(DateTimeOffset? value) => value is { } v ? StoredValues.Instant(v) : null;

    private static int Sequence(PartitionKey key, TokenId token) => (int)StoredValues.TokenSequence(key, token);

    private static void Add<T>(NpgsqlParameterCollection parameters, T[] values) =>
        parameters.Add(new NpgsqlParameter<T[]> { TypedValue = values });

    private static void AddNullable(NpgsqlParameterCollection parameters, string?[] values) =>
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, Value = values });

    private static void AddKey(NpgsqlParameterCollection parameters, PartitionKey key)
    {
        parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Doctor.Value });
        parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = key.Date });
    }
}
