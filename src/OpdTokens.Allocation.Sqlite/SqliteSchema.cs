using System.Collections.Immutable;
using Microsoft.Data.Sqlite;

namespace OpdTokens.Allocation.Sqlite;

/// <summary>The store's tables and their migrations; the database records which migrations it has had.</summary>
internal static class SqliteSchema
{
    /// <summary>Migration n (1-based) brings a database from schema version n - 1 to n. Append, never edit.</summary>
    private static readonly ImmutableArray<string> Migrations =
    [
        """
            CREATE TABLE opd_doctors (
                id TEXT NOT NULL PRIMARY KEY,
                name TEXT NOT NULL,
                specialty TEXT NOT NULL,
                is_active INTEGER NOT NULL
            ) WITHOUT ROWID;

            CREATE TABLE opd_partitions (
                doctor_id TEXT NOT NULL,
                date TEXT NOT NULL,
                version INTEGER NOT NULL,
                delay_ticks INTEGER NOT NULL,
                PRIMARY KEY (doctor_id, date)
            ) WITHOUT ROWID;

            CREATE INDEX opd_partitions_by_date ON opd_partitions (date, doctor_id);

            CREATE TABLE opd_slots (
                doctor_id TEXT NOT NULL,
                date TEXT NOT NULL,
                number INTEGER NOT NULL,
                starts_at TEXT NOT NULL,
                ends_at TEXT NOT NULL,
                max_capacity INTEGER NOT NULL,
                is_active INTEGER NOT NULL,
                PRIMARY KEY (doctor_id, date, number),
                FOREIGN KEY (doctor_id, date) REFERENCES opd_partitions (doctor_id, date)
            ) WITHOUT ROWID;

            CREATE TABLE opd_tokens (
                doctor_id TEXT NOT NULL,
                date TEXT NOT NULL,
                sequence INTEGER NOT NULL,
                number TEXT NOT NULL,
                slot_number INTEGER NULL,
                patient_name TEXT NOT NULL,
                patient_phone TEXT NULL,
                patient_id TEXT NULL,
                source TEXT NOT NULL,
                status TEXT NOT NULL,
                priority_score INTEGER NOT NULL,
                is_overflow INTEGER NOT NULL,
                bump_count INTEGER NOT NULL,
                created_at TEXT NOT NULL,
                allocated_at TEXT NULL,
                checked_in_at TEXT NULL,
                consultation_started_at TEXT NULL,
                completed_at TEXT NULL,
                cancelled_at TEXT NULL,
                no_show_at TEXT NULL,
                cancellation_reason TEXT NULL,
                history TEXT NOT NULL,
                PRIMARY KEY (doctor_id, date, sequence),
                FOREIGN KEY (doctor_id, date) REFERENCES opd_partitions (doctor_id, date)
            ) WITHOUT ROWID;

            CREATE TABLE opd_idempotency_records (
                doctor_id TEXT NOT NULL,
                date TEXT NOT NULL,
                key TEXT NOT NULL,
                request_fingerprint TEXT NOT NULL,
                token_sequence INTEGER NOT NULL,
                outcome TEXT NOT NULL,
                bumped_token_sequence INTEGER NULL,
                PRIMARY KEY (doctor_id, date, key),
                FOREIGN KEY (doctor_id, date) REFERENCES opd_partitions (doctor_id, date)
            ) WITHOUT ROWID;
            """,
        // 2: what a priority policy may read about a patient; NULL in rows written before.
        """
            ALTER TABLE opd_tokens ADD COLUMN patient_date_of_birth TEXT NULL;
            ALTER TABLE opd_tokens ADD COLUMN patient_attributes TEXT NULL;
            """,
        // 3: the transactional outbox: each committed event until it is delivered (instants as UTC ticks).
        """
            CREATE TABLE opd_outbox (
                doctor_id TEXT NOT NULL,
                date TEXT NOT NULL,
                version INTEGER NOT NULL,
                sequence INTEGER NOT NULL,
                kind TEXT NOT NULL,
                payload TEXT NOT NULL,
                state INTEGER NOT NULL DEFAULT 0,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at INTEGER NOT NULL DEFAULT 0,
                lease_owner TEXT NULL,
                lease_until INTEGER NULL,
                last_error TEXT NULL,
                state_changed_at INTEGER NULL,
                PRIMARY KEY (doctor_id, date, version, sequence)
            ) WITHOUT ROWID;

            CREATE INDEX opd_outbox_by_state ON opd_outbox (state, doctor_id, date, version, sequence);
            CREATE INDEX opd_outbox_by_state_change ON opd_outbox (state, state_changed_at);
            """,
    ];

    /// <summary>Gets the schema version this code writes.</summary>
    public static int CurrentVersion => Migrations.Length;

    /// <summary>Switches the file to WAL and applies the missing migrations in one write transaction, so processes
    /// starting at once on the same file migrate it once.</summary>
    /// <exception cref="InvalidOperationException">The file cannot use WAL, or its schema is newer than this
    /// code.</exception>
    public static void Migrate(SqliteConnection connection)
    {
        using (var wal = connection.CreateCommand())
        {
            // The journal mode is stored in the file, so every later connection uses WAL too.
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            var mode = (string?)wal.ExecuteScalar();
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    $"SQLite database '{connection.DataSource}' cannot use WAL mode (its journal mode is '{mode}'); "
                        + "use a database file on a local disk."
                );
            }
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS opd_schema_versions (
                version INTEGER NOT NULL PRIMARY KEY,
                applied_at TEXT NOT NULL
            );
            SELECT coalesce(max(version), 0) FROM opd_schema_versions;
            """;
        var version = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (version > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"SQLite database '{connection.DataSource}' has schema version {version}, newer than the "
                    + $"{CurrentVersion} this version of OpdTokens.Allocation.Sqlite knows; upgrade the package."
            );
        }

        for (var next = version + 1; next <= CurrentVersion; next++)
        {
            command.CommandText =
                Migrations[next - 1]
                + "\nINSERT INTO opd_schema_versions (version, applied_at) "
                + "VALUES ($version, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));";
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$version", next);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
