using Microsoft.Data.Sqlite;
using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Storage.Relational;

namespace OpdTokens.Allocation.Sqlite;

/// <summary>The SQL of the store's reads and of the registry; a batch's writes are <see cref="SqliteBatchWriter"/>'s.</summary>
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

    /// <summary>A command in the transaction with the doctor-day's key as <c>$doctor</c> and <c>$date</c>.</summary>
    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, PartitionKey key)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.Parameters.AddWithValue("$doctor", key.Doctor.Value);
        command.Parameters.AddWithValue("$date", StoredValues.Date(key.Date));
        return command;
    }
}
