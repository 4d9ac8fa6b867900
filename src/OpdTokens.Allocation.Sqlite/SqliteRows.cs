using Microsoft.Data.Sqlite;
using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Storage.Relational;

namespace OpdTokens.Allocation.Sqlite;

/// <summary>The SQL of the store: reading a doctor-day, writing a change's rows, the registry.</summary>
internal static class SqliteRows
{
    public static DoctorDay? ReadDay(SqliteConnection connection, SqliteTransaction transaction, PartitionKey key)
    {
        using var command = Command(connection, transaction, key);
        command.CommandText =
            "SELECT version, delay_ticks FROM opd_partitions WHERE doctor_id = $doctor AND date = $date;";
        long version;
        TimeSpan delay;
        using (var reader = command.ExecuteReader())
        {
            if (!reader.Read())
            {
                return null;
            }

            version = reader.GetInt64(0);
            delay = TimeSpan.FromTicks(reader.GetInt64(1));
        }

        var slots = new List<Slot>();
        command.CommandText = $"""
            SELECT {StoredRows.SlotColumns} FROM opd_slots
            WHERE doctor_id = $doctor AND date = $date;
            """;
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                slots.Add(StoredRows.ReadSlot(reader, key));
            }
        }

        var tokens = new List<Token>();
        command.CommandText =
            $"SELECT {StoredRows.TokenColumns} FROM opd_tokens WHERE doctor_id = $doctor AND date = $date;";
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                tokens.Add(StoredRows.ReadToken(reader, key));
            }
        }

        var records = new List<IdempotencyRecord>();
        command.CommandText = $"""
            SELECT {StoredRows.RecordColumns}
            FROM opd_idempotency_records WHERE doctor_id = $doctor AND date = $date;
            """;
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                records.Add(StoredRows.ReadRecord(reader, key));
            }
        }

        return DoctorDay.Create(key, version, delay, slots, tokens, records);
    }

    /// <summary>Moves the partition row to the change's version if it is at the expected one (inserting it for
    /// version 0).</summary>
    /// <returns><see langword="null"/> when written; else the stored version, 0 when the doctor-day is not
    /// stored.</returns>
    public static long? WritePartition(
        SqliteConnection connection,
        SqliteTransaction transaction,
        PartitionChange change
    )
    {
        using var command = Command(connection, transaction, change.Partition);
        command.Parameters.AddWithValue("$expected", change.ExpectedVersion);
        command.Parameters.AddWithValue("$version", change.NewVersion);
        command.Parameters.AddWithValue("$delay", change.Delay.Ticks);
        command.CommandText =
            change.ExpectedVersion == 0
                ? """
                    INSERT INTO opd_partitions (doctor_id, date, version, delay_ticks)
                    VALUES ($doctor, $date, $version, $delay) ON CONFLICT DO NOTHING;
                    """
                : """
                    UPDATE opd_partitions SET version = $version, delay_ticks = $delay
                    WHERE doctor_id = $doctor AND date = $date AND version = $expected;
                    """;
        if (command.ExecuteNonQuery() == 1)
        {
            return null;
        }

        command.CommandText = "SELECT version FROM opd_partitions WHERE doctor_id = $doctor AND date = $date;";
        return command.ExecuteScalar() is long stored ? stored : 0;
    }

    /// <summary>Upserts the slots, tokens and idempotency records the change names; nothing else is written.</summary>
    public static void WriteDeltas(SqliteConnection connection, SqliteTransaction transaction, PartitionChange change)
    {
        var key = change.Partition;
        if (change.Slots.Count > 0)
        {
            using var command = Command(connection, transaction, key);
            command.CommandText = """
                INSERT INTO opd_slots (doctor_id, date, number, starts_at, ends_at, max_capacity, is_active)
                VALUES ($doctor, $date, $number, $starts_at, $ends_at, $max_capacity, $is_active)
                ON CONFLICT (doctor_id, date, number) DO UPDATE SET
                    starts_at = excluded.starts_at, ends_at = excluded.ends_at,
                    max_capacity = excluded.max_capacity, is_active = excluded.is_active;
                """;
            foreach (var slot in change.Slots)
            {
                Set(command, "$number", StoredValues.SlotNumber(key, slot.Id));
                Set(command, "$starts_at", StoredValues.Instant(slot.StartsAt));
                Set(command, "$ends_at", StoredValues.Instant(slot.EndsAt));
                Set(command, "$max_capacity", slot.MaxCapacity);
                Set(command, "$is_active", slot.IsActive);
                command.ExecuteNonQuery();
            }
        }

        if (change.Tokens.Count > 0)
        {
            using var command = Command(connection, transaction, key);
            command.CommandText = $"""
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
                """;
            foreach (var token in change.Tokens)
            {
                SetToken(command, key, token);
                command.ExecuteNonQuery();
            }
        }

        if (change.IdempotencyRecords.Count > 0)
        {
            using var command = Command(connection, transaction, key);
            command.CommandText = """
                INSERT INTO opd_idempotency_records
                    (doctor_id, date, key, request_fingerprint, token_sequence, outcome, bumped_token_sequence)
                VALUES ($doctor, $date, $key, $fingerprint, $token_sequence, $outcome, $bumped_token_sequence)
                ON CONFLICT (doctor_id, date, key) DO UPDATE SET
                    request_fingerprint = excluded.request_fingerprint, token_sequence = excluded.token_sequence,
                    outcome = excluded.outcome, bumped_token_sequence = excluded.bumped_token_sequence;
                """;
            foreach (var record in change.IdempotencyRecords)
            {
                Set(command, "$key", record.Key);
                Set(command, "$fingerprint", record.RequestFingerprint);
                Set(command, "$token_sequence", StoredValues.TokenSequence(key, record.TokenId));
                Set(command, "$outcome", record.Outcome.ToString());
                Set(command, "$bumped_token_sequence", StoredValues.TokenSequence(key, record.BumpedTokenId));
                command.ExecuteNonQuery();
            }
        }
    }

    public static List<PartitionKey> ReadPartitionKeys(SqliteConnection connection, DateOnly? onDate)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT doctor_id, date FROM opd_partitions";
        if (onDate is { } date)
        {
            command.CommandText += " WHERE date = $date";
            command.Parameters.AddWithValue("$date", StoredValues.Date(date));
        }

        var keys = new List<PartitionKey>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            keys.Add(new PartitionKey(new DoctorId(reader.GetString(0)), StoredValues.ParseDate(reader.GetString(1))));
        }

        return keys;
    }

    public static List<Doctor> ReadDoctors(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {StoredRows.DoctorColumns} FROM opd_doctors;";
        var doctors = new List<Doctor>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            doctors.Add(StoredRows.ReadDoctor(reader));
        }

        return doctors;
    }

    /// <summary>Inserts a doctor, or upserts one when it need not be new.</summary>
    /// <returns><see langword="false"/> when a new doctor's id is taken.</returns>
    public static bool WriteDoctor(SqliteConnection connection, Doctor doctor, bool isNew)
    {
        using var command = connection.CreateCommand();
        command.CommandText = isNew
            ? """
                INSERT INTO opd_doctors (id, name, specialty, is_active) VALUES ($id, $name, $specialty, $is_active)
                ON CONFLICT (id) DO NOTHING;
                """
            : """
                INSERT INTO opd_doctors (id, name, specialty, is_active) VALUES ($id, $name, $specialty, $is_active)
                ON CONFLICT (id) DO UPDATE SET
                    name = excluded.name, specialty = excluded.specialty, is_active = excluded.is_active;
                """;
        command.Parameters.AddWithValue("$id", doctor.Id.Value);
        command.Parameters.AddWithValue("$name", doctor.Name);
        command.Parameters.AddWithValue("$specialty", doctor.Specialty);
        command.Parameters.AddWithValue("$is_active", doctor.IsActive);
        return command.ExecuteNonQuery() == 1;
    }

    private static void SetToken(SqliteCommand command, PartitionKey key, Token token)
    {
        if (token.Partition != key)
        {
            throw new ArgumentException($"Token {token.Id} is not a token of doctor-day {key}.", nameof(token));
        }

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

    /// <summary>A command in the transaction with the doctor-day's key as <c>$doctor</c> and <c>$date</c>.</summary>
    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, PartitionKey key)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.Parameters.AddWithValue("$doctor", key.Doctor.Value);
        command.Parameters.AddWithValue("$date", StoredValues.Date(key.Date));
        return command;
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
