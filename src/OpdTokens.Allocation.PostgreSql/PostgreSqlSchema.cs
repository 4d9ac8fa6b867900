using System.Collections.Immutable;
using Npgsql;

namespace OpdTokens.Allocation.PostgreSql;

/// <summary>The store's tables in their own PostgreSQL schema, and their migrations; the database records which
/// migrations it has had.</summary>
internal static class PostgreSqlSchema
{
    /// <summary>The first key of the advisory lock migrations take; the second is the schema name's hash.</summary>
    private const int AdvisoryLockClass = 0x4F50_4454;

    /// <summary>Migration n (1-based) brings a schema from version n - 1 to n; <c>{schema}</c> is the quoted schema
    /// name. Append, never edit.</summary>
    private static readonly ImmutableArray<string> Migrations =
    [
        """
            CREATE TABLE {schema}.doctors (
                id text NOT NULL PRIMARY KEY,
                name text NOT NULL,
                specialty text NOT NULL,
                is_active boolean NOT NULL
            );

            CREATE TABLE {schema}.partitions (
                doctor_id text NOT NULL,
                date date NOT NULL,
                version bigint NOT NULL,
                delay_ticks bigint NOT NULL,
                PRIMARY KEY (doctor_id, date)
            );

            CREATE INDEX partitions_by_date ON {schema}.partitions (date, doctor_id);

            CREATE TABLE {schema}.slots (
                doctor_id text NOT NULL,
                date date NOT NULL,
                number integer NOT NULL,
                starts_at text NOT NULL,
                ends_at text NOT NULL,
                max_capacity integer NOT NULL,
                is_active boolean NOT NULL,
                PRIMARY KEY (doctor_id, date, number),
                FOREIGN KEY (doctor_id, date) REFERENCES {schema}.partitions (doctor_id, date)
            );

            CREATE TABLE {schema}.tokens (
                doctor_id text NOT NULL,
                date date NOT NULL,
                sequence integer NOT NULL,
                number text NOT NULL,
                slot_number integer NULL,
                patient_name text NOT NULL,
                patient_phone text NULL,
                patient_id text NULL,
                source text NOT NULL,
                status text NOT NULL,
                priority_score integer NOT NULL,
                is_overflow boolean NOT NULL,
                bump_count integer NOT NULL,
                created_at text NOT NULL,
                allocated_at text NULL,
                checked_in_at text NULL,
                consultation_started_at text NULL,
                completed_at text NULL,
                cancelled_at text NULL,
                no_show_at text NULL,
                cancellation_reason text NULL,
                history jsonb NOT NULL,
                PRIMARY KEY (doctor_id, date, sequence),
                FOREIGN KEY (doctor_id, date) REFERENCES {schema}.partitions (doctor_id, date)
            );

            CREATE TABLE {schema}.idempotency_records (
                doctor_id text NOT NULL,
                date date NOT NULL,
                key text NOT NULL,
                request_fingerprint text NOT NULL,
                token_sequence integer NOT NULL,
                outcome text NOT NULL,
                bumped_token_sequence integer NULL,
                PRIMARY KEY (doctor_id, date, key),
                FOREIGN KEY (doctor_id, date) REFERENCES {schema}.partitions (doctor_id, date)
            );
            """,
        // 2: what a priority policy may read about a patient; NULL in rows written before.
        """
            ALTER TABLE {schema}.tokens
                ADD COLUMN patient_date_of_birth date NULL,
                ADD COLUMN patient_attributes jsonb NULL;
            """,
        // 3: the transactional outbox: each committed event until it is delivered (instants as UTC ticks).
        """
            CREATE TABLE {schema}.outbox (
                doctor_id text NOT NULL,
                date date NOT NULL,
                version bigint NOT NULL,
                sequence integer NOT NULL,
                kind text NOT NULL,
                payload text NOT NULL,
                state smallint NOT NULL DEFAULT 0,
                attempts integer NOT NULL DEFAULT 0,
                next_attempt_at bigint NOT NULL DEFAULT 0,
                lease_owner text NULL,
                lease_until bigint NULL,
                last_error text NULL,
                state_changed_at bigint NULL,
                PRIMARY KEY (doctor_id, date, version, sequence)
            );

            CREATE INDEX outbox_pending ON {schema}.outbox (doctor_id, date, version, sequence) WHERE state = 0;
            CREATE INDEX outbox_by_state_change ON {schema}.outbox (state, state_changed_at);
            """,
    ];

    /// <summary>Gets the schema version this code writes.</summary>
    public static int CurrentVersion => Migrations.Length;

    /// <summary>Creates the schema and applies the missing migrations in one transaction under an advisory lock, so
    /// app instances starting at once migrate it once; runs no DDL when the schema is current.</summary>
    /// <exception cref="InvalidOperationException">The schema is newer than this code.</exception>
    public static async Task MigrateAsync(
        NpgsqlConnection connection,
        string schema,
        CancellationToken cancellationToken
    )
    {
        var quoted = Quote(schema);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);
        using var command = new NpgsqlCommand(
            $"SELECT pg_advisory_xact_lock({AdvisoryLockClass}, hashtext(@schema))",
            connection,
            transaction
        );
        command.Parameters.AddWithValue("schema", schema);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

        // DDL only when something is missing, so a role without CREATE rights runs on a schema a DBA migrated.
        command.CommandText = $"SELECT to_regclass('{quoted}.schema_versions') IS NOT NULL";
        command.Parameters.Clear();
        if (!(bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
        {
            command.CommandText = $"""
                CREATE SCHEMA IF NOT EXISTS {quoted};
                CREATE TABLE {quoted}.schema_versions (
                    version integer NOT NULL PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now()
                );
                """;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        command.CommandText = $"SELECT coalesce(max(version), 0) FROM {quoted}.schema_versions";
        var version = (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        if (version > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"PostgreSQL schema '{schema}' has version {version}, newer than the {CurrentVersion} this version of "
                    + "OpdTokens.Allocation.PostgreSql knows; upgrade the package."
            );
        }

        for (var next = version + 1; next <= CurrentVersion; next++)
        {
            command.CommandText =
                Migrations[next - 1].Replace("{schema}", quoted, StringComparison.Ordinal)
                + $"\nINSERT INTO {quoted}.schema_versions (version) VALUES ({next});";
            command.Parameters.Clear();
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Quotes a schema name already checked to be lower-case letters, digits and underscores.</summary>
    public static string Quote(string schema) => "\"" + schema + "\"";
}
