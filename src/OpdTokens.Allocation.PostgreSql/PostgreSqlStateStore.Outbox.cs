using System.Collections.Immutable;
using System.Text.Json;
using Npgsql;
using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Storage.Relational;

namespace OpdTokens.Allocation.PostgreSql;

// The outbox (table outbox, schema version 3): commits write their events as one leg of their statement (see
// PostgreSqlRows); these calls lease, mark and prune them. Several instances lease at once: a doctor-day's head row is
// taken FOR UPDATE SKIP LOCKED, so two instances never lease the same stream, and a lease is a column with an end
// time, so a crashed instance's lease simply runs out. A stream any of whose pending rows is leased is nobody else's
// to lease, even when a retried dead letter has become its head: a lease checks its heads again under their locks with
// a fresh snapshot, and a retry locks the stream's pending rows first, so it never lands between a lease's check and
// its commit (OutboxLeaseRaceTests). Instants are UTC ticks.
public sealed partial class PostgreSqlStateStore : IOutboxStore
{
    private const string EntryColumns = "doctor_id, date, version, sequence, payload, attempts, last_error";
    private const string OfEvent = "doctor_id = $1 AND date = $2 AND version = $3 AND sequence = $4";

    private volatile bool _outboxEnabled;

    /// <inheritdoc />
    public bool IsOutboxEnabled => _outboxEnabled;

    /// <inheritdoc />
    public void EnableOutbox() => _outboxEnabled = true;

    /// <inheritdoc />
    public ValueTask<ImmutableArray<OutboxEntry>> LeaseAsync(
        string owner,
        int maxDoctorDays,
        int maxEntriesPerDoctorDay,
        DateTimeOffset now,
        DateTimeOffset leaseUntil,
        CancellationToken cancellationToken
    )
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDoctorDays, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntriesPerDoctorDay, 1);
        var s = PostgreSqlSchema.Quote(Schema);
        // A head is a stream's first pending row, due, and no row of its stream holds a lease that has not ended. Its
        // own lease is checked apart: PostgreSQL checks the row's own conditions again on its newest version once it
        // has the row lock, while the subqueries see the statement's snapshot only.
        var isFreeHead = $"""
            o.state = 0 AND o.next_attempt_at <= $1 AND (o.lease_until IS NULL OR o.lease_until <= $1)
                AND NOT EXISTS (
                    SELECT 1 FROM {s}.outbox e
                    WHERE e.state = 0 AND e.doctor_id = o.doctor_id AND e.date = o.date
                        AND (e.version, e.sequence) < (o.version, o.sequence))
                AND NOT EXISTS (
                    SELECT 1 FROM {s}.outbox l
                    WHERE l.state = 0 AND l.doctor_id = o.doctor_id AND l.date = o.date AND l.lease_until > $1)
            """;
        return RunOutboxTransactionAsync(
            "lease outbox events",
            async (connection, transaction, token) =>
            {
                // 1. Take the heads FOR UPDATE SKIP LOCKED: two instances never take the same head. The row lock
                // holds until the commit, and a retried dead letter waits for it (see RetryDeadLetterAsync).
                var heads = new List<(string Doctor, DateOnly Date, long Version, int Sequence)>();
                using (
                    var take = new NpgsqlCommand(
                        $"""
                        SELECT o.doctor_id, o.date, o.version, o.sequence FROM {s}.outbox o
                        WHERE {isFreeHead}
                        ORDER BY o.next_attempt_at, o.date, o.doctor_id
                        LIMIT $2
                        FOR UPDATE SKIP LOCKED
                        """,
                        connection,
                        transaction
                    )
                )
                {
                    take.Parameters.Add(new NpgsqlParameter<long> { TypedValue = now.UtcTicks });
                    take.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxDoctorDays });
                    var reader = await take.ExecuteReaderAsync(token).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(token).ConfigureAwait(false))
                        {
                            heads.Add(
                                (
                                    reader.GetString(0),
                                    reader.GetFieldValue<DateOnly>(1),
                                    reader.GetInt64(2),
                                    reader.GetInt32(3)
                                )
                            );
                        }
                    }
                }

                if (heads.Count == 0)
                {
                    return ImmutableArray<OutboxEntry>.Empty;
                }

                // 2. Under those locks and with a fresh snapshot, lease the streams whose taken row is still their
                // free head: the first statement's snapshot may predate a dead letter retried to the head of the
                // stream since, which the second sees.
                using var lease = new NpgsqlCommand(
                    $"""
                    WITH taken AS (
                        SELECT * FROM unnest($5::text[], $6::date[], $7::bigint[], $8::integer[])
                            AS t(doctor_id, date, version, sequence)
                    ),
                    heads AS (
                        SELECT o.doctor_id, o.date FROM {s}.outbox o
                        JOIN taken t ON o.doctor_id = t.doctor_id AND o.date = t.date AND o.version = t.version
                            AND o.sequence = t.sequence
                        WHERE {isFreeHead}
                    ),
                    ranked AS (
                        SELECT o.doctor_id, o.date, o.version, o.sequence,
                            row_number() OVER (PARTITION BY o.doctor_id, o.date ORDER BY o.version, o.sequence) AS n
                        FROM {s}.outbox o JOIN heads h ON o.doctor_id = h.doctor_id AND o.date = h.date
                        WHERE o.state = 0
                    )
                    UPDATE {s}.outbox u SET lease_owner = $3, lease_until = $4
                    FROM ranked r
                    WHERE r.n <= $2 AND u.doctor_id = r.doctor_id AND u.date = r.date AND u.version = r.version
                        AND u.sequence = r.sequence AND u.state = 0
                    RETURNING u.doctor_id, u.date, u.version, u.sequence, u.payload, u.attempts, u.last_error
                    """,
                    connection,
                    transaction
                );
                lease.Parameters.Add(new NpgsqlParameter<long> { TypedValue = now.UtcTicks });
                lease.Parameters.Add(new NpgsqlParameter<long> { TypedValue = maxEntriesPerDoctorDay });
                lease.Parameters.Add(new NpgsqlParameter<string> { TypedValue = owner });
                lease.Parameters.Add(new NpgsqlParameter<long> { TypedValue = leaseUntil.UtcTicks });
                lease.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. heads.Select(h => h.Doctor)] });
                lease.Parameters.Add(new NpgsqlParameter<DateOnly[]> { TypedValue = [.. heads.Select(h => h.Date)] });
                lease.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. heads.Select(h => h.Version)] });
                lease.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. heads.Select(h => h.Sequence)] });
                var leased = await ReadEntriesAsync(lease, token).ConfigureAwait(false);
                return leased.Sort((a, b) => a.Id.CompareTo(b.Id));
            },
            cancellationToken
        );
    }

    /// <inheritdoc />
    public ValueTask<bool> MarkDeliveredAsync(
        AllocationEventId id,
        DateTimeOffset deliveredAt,
        CancellationToken cancellationToken
    ) =>
        RunOutboxAsync(
            "mark an outbox event delivered",
            $"""
            UPDATE {PostgreSqlSchema.Quote(Schema)}.outbox
            SET state = 1, state_changed_at = $5, lease_owner = NULL, lease_until = NULL
            WHERE {OfEvent} AND state = 0
            """,
            parameters =>
            {
                AddId(parameters, id);
                parameters.Add(new NpgsqlParameter<long> { TypedValue = deliveredAt.UtcTicks });
            },
            async (command, token) => await command.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 1,
            cancellationToken
        );

    /// <inheritdoc />
    public ValueTask<bool> RecordFailureAsync(
        string owner,
        AllocationEventId id,
        DateTimeOffset nextAttemptAt,
        string failure,
        CancellationToken cancellationToken
    )
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentNullException.ThrowIfNull(failure);
        var s = PostgreSqlSchema.Quote(Schema);
        return RunOutboxAsync(
            "record a failed outbox delivery",
            $"""
            WITH failed AS (
                UPDATE {s}.outbox SET attempts = attempts + 1, next_attempt_at = $5, last_error = $6,
                    lease_owner = NULL, lease_until = NULL
                WHERE {OfEvent} AND state = 0
                RETURNING 1
            ), released AS (
                UPDATE {s}.outbox SET lease_owner = NULL, lease_until = NULL
                WHERE doctor_id = $1 AND date = $2 AND state = 0 AND lease_owner = $7
                    AND NOT (version = $3 AND sequence = $4)
            )
            SELECT count(*) FROM failed
            """,
            parameters =>
            {
                AddId(parameters, id);
                parameters.Add(new NpgsqlParameter<long> { TypedValue = nextAttemptAt.UtcTicks });
                parameters.Add(new NpgsqlParameter<string> { TypedValue = failure });
                parameters.Add(new NpgsqlParameter<string> { TypedValue = owner });
            },
            async (command, token) => (long)(await command.ExecuteScalarAsync(token).ConfigureAwait(false))! == 1,
            cancellationToken
        );
    }

    /// <inheritdoc />
    public ValueTask<bool> DeadLetterAsync(
        AllocationEventId id,
        DateTimeOffset at,
        string failure,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(failure);
        return RunOutboxAsync(
            "dead-letter an outbox event",
            $"""
            UPDATE {PostgreSqlSchema.Quote(Schema)}.outbox
            SET state = 2, attempts = attempts + 1, last_error = $6, state_changed_at = $5,
                lease_owner = NULL, lease_until = NULL
            WHERE {OfEvent} AND state = 0
            """,
            parameters =>
            {
                AddId(parameters, id);
                parameters.Add(new NpgsqlParameter<long> { TypedValue = at.UtcTicks });
                parameters.Add(new NpgsqlParameter<string> { TypedValue = failure });
            },
            async (command, token) => await command.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 1,
            cancellationToken
        );
    }

    /// <inheritdoc />
    public ValueTask<ImmutableArray<OutboxEntry>> ListDeadLettersAsync(
        int max,
        AllocationEventId? after,
        CancellationToken cancellationToken
    )
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        // The ids' order: doctor ids compared byte by byte (COLLATE "C", ordinal for the ids' characters) whatever the
        // database's collation. Few rows are dead letters, so the state index finds them and the sort is small.
        return RunOutboxAsync(
            "list dead letters",
            $"""
            SELECT {EntryColumns} FROM {PostgreSqlSchema.Quote(Schema)}.outbox
            WHERE state = 2 {(
                after is null ? "" : "AND (date, doctor_id COLLATE \"C\", version, sequence) > ($3, $2, $4, $5)"
            )}
            ORDER BY date, doctor_id COLLATE "C", version, sequence LIMIT $1
            """,
            parameters =>
            {
                parameters.Add(new NpgsqlParameter<int> { TypedValue = max });
                if (after is { } last)
                {
                    AddId(parameters, last);
                }
            },
            ReadEntriesAsync,
            cancellationToken
        );
    }

    /// <inheritdoc />
    public ValueTask<bool> RetryDeadLetterAsync(
        AllocationEventId id,
        DateTimeOffset now,
        CancellationToken cancellationToken
    ) =>
        RunOutboxAsync(
            "retry a dead letter",
            // The stream's pending rows are locked first, in order (as a lease takes the head first): a lease in flight
            // finishes before the dead letter becomes the head, and one that starts later skips the stream until this
            // commits, so no lease sees the new head without seeing the leases of the rest of the stream.
            $"""
            WITH stream AS (
                SELECT 1 FROM {PostgreSqlSchema.Quote(Schema)}.outbox
                WHERE doctor_id = $1 AND date = $2 AND state = 0
                ORDER BY version, sequence
                FOR UPDATE
            )
            UPDATE {PostgreSqlSchema.Quote(Schema)}.outbox
            SET state = 0, attempts = 0, next_attempt_at = $5, state_changed_at = NULL,
                lease_owner = NULL, lease_until = NULL
            WHERE {OfEvent} AND state = 2 AND (SELECT count(*) FROM stream) >= 0
            """,
            parameters =>
            {
                AddId(parameters, id);
                parameters.Add(new NpgsqlParameter<long> { TypedValue = now.UtcTicks });
            },
            async (command, token) => await command.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 1,
            cancellationToken
        );

    /// <inheritdoc />
    public ValueTask<int> PruneDeliveredAsync(DateTimeOffset deliveredBefore, CancellationToken cancellationToken) =>
        RunOutboxAsync(
            "prune delivered outbox events",
            $"DELETE FROM {PostgreSqlSchema.Quote(Schema)}.outbox WHERE state = 1 AND state_changed_at < $1",
            parameters => parameters.Add(new NpgsqlParameter<long> { TypedValue = deliveredBefore.UtcTicks }),
            async (command, token) => await command.ExecuteNonQueryAsync(token).ConfigureAwait(false),
            cancellationToken
        );

    /// <inheritdoc />
    public ValueTask<OutboxCounts> CountOutboxAsync(CancellationToken cancellationToken) =>
        RunOutboxAsync(
            "count outbox events",
            $"""
            SELECT count(*) FILTER (WHERE state = 0), count(*) FILTER (WHERE state = 1),
                count(*) FILTER (WHERE state = 2)
            FROM {PostgreSqlSchema.Quote(Schema)}.outbox
            """,
            _ => { },
            async (command, token) =>
            {
                var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    await reader.ReadAsync(token).ConfigureAwait(false);
                    return new OutboxCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
                }
            },
            cancellationToken
        );

    /// <summary>Runs one outbox statement on a pooled connection (a statement is its own transaction).</summary>
    private ValueTask<T> RunOutboxAsync<T>(
        string operation,
        string sql,
        Action<NpgsqlParameterCollection> parameters,
        Func<NpgsqlCommand, CancellationToken, Task<T>> run,
        CancellationToken cancellationToken
    ) =>
        RunOutboxAsync(
            operation,
            async (connection, token) =>
            {
                using var command = new NpgsqlCommand(sql, connection);
                parameters(command.Parameters);
                return await run(command, token).ConfigureAwait(false);
            },
            cancellationToken
        );

    /// <summary>Runs outbox statements in one transaction on a pooled connection, committed when they succeed.</summary>
    private ValueTask<T> RunOutboxTransactionAsync<T>(
        string operation,
        Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<T>> run,
        CancellationToken cancellationToken
    ) =>
        RunOutboxAsync(
            operation,
            async (connection, token) =>
            {
                var transaction = await connection.BeginTransactionAsync(token).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    var result = await run(connection, transaction, token).ConfigureAwait(false);
                    await transaction.CommitAsync(token).ConfigureAwait(false);
                    return result;
                }
            },
            cancellationToken
        );

    /// <summary>Runs outbox work on a pooled connection, with the store's error handling.</summary>
    private async ValueTask<T> RunOutboxAsync<T>(
        string operation,
        Func<NpgsqlConnection, CancellationToken, Task<T>> run,
        CancellationToken cancellationToken
    )
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
                            return await run(connection, token).ConfigureAwait(false);
                        }
                    },
                    TimeSpan.Zero,
                    cancellationToken
                )
                .ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            LogFailure(operation, "-", e);
            throw Failure("Could not " + operation, e);
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            throw new StateStoreException(
                $"An outbox event in PostgreSQL schema '{Schema}' is not valid: {e.Message}",
                e
            );
        }
    }

    private static async Task<ImmutableArray<OutboxEntry>> ReadEntriesAsync(
        NpgsqlCommand command,
        CancellationToken cancellationToken
    )
    {
        var entries = ImmutableArray.CreateBuilder<OutboxEntry>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var partition = new PartitionKey(new DoctorId(reader.GetString(0)), reader.GetFieldValue<DateOnly>(1));
                entries.Add(
                    new OutboxEntry(
                        new AllocationEventId(partition, reader.GetInt64(2), reader.GetInt32(3)),
                        OutboxPayload.Read(reader.GetString(4)),
                        reader.GetInt32(5),
                        reader.IsDBNull(6) ? null : reader.GetString(6)
                    )
                );
            }
        }

        return entries.ToImmutable();
    }

    private static void AddId(NpgsqlParameterCollection parameters, AllocationEventId id)
    {
        parameters.Add(new NpgsqlParameter<string> { TypedValue = id.Partition.Doctor.Value });
        parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = id.Partition.Date });
        parameters.Add(new NpgsqlParameter<long> { TypedValue = id.Version });
        parameters.Add(new NpgsqlParameter<int> { TypedValue = id.Sequence });
    }
}
