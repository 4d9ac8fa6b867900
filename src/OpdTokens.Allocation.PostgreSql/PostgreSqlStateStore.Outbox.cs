using System.Collections.Immutable;
using System.Text.Json;
using Npgsql;
using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Storage.Relational;

namespace OpdTokens.Allocation.PostgreSql;

// The outbox (table outbox, schema version 3): commits write their events as one leg of their statement (see
// PostgreSqlRows); these calls lease, mark and prune them. Several instances lease at once: a doctor-day's head row is
// taken FOR UPDATE SKIP LOCKED, so two instances never lease the same stream, and a lease is a column with an end
// time, so a crashed instance's lease simply runs out. Instants are UTC ticks.
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
        return RunOutboxAsync(
            "lease outbox events",
            $"""
            WITH heads AS (
                SELECT o.doctor_id, o.date FROM {s}.outbox o
                WHERE o.state = 0 AND o.next_attempt_at <= $1 AND (o.lease_until IS NULL OR o.lease_until <= $1)
                    AND NOT EXISTS (
                        SELECT 1 FROM {s}.outbox e
                        WHERE e.state = 0 AND e.doctor_id = o.doctor_id AND e.date = o.date
                            AND (e.version, e.sequence) < (o.version, o.sequence))
                ORDER BY o.next_attempt_at, o.date, o.doctor_id
                LIMIT $2
                FOR UPDATE SKIP LOCKED
            ),
            ranked AS (
                SELECT o.doctor_id, o.date, o.version, o.sequence,
                    row_number() OVER (PARTITION BY o.doctor_id, o.date ORDER BY o.version, o.sequence) AS n
                FROM {s}.outbox o JOIN heads h ON o.doctor_id = h.doctor_id AND o.date = h.date
                WHERE o.state = 0
            )
            UPDATE {s}.outbox u SET lease_owner = $4, lease_until = $5
            FROM ranked r
            WHERE r.n <= $3 AND u.doctor_id = r.doctor_id AND u.date = r.date AND u.version = r.version
                AND u.sequence = r.sequence AND u.state = 0
            RETURNING u.doctor_id, u.date, u.version, u.sequence, u.payload, u.attempts, u.last_error
            """,
            parameters =>
            {
                parameters.Add(new NpgsqlParameter<long> { TypedValue = now.UtcTicks });
                parameters.Add(new NpgsqlParameter<int> { TypedValue = maxDoctorDays });
                parameters.Add(new NpgsqlParameter<long> { TypedValue = maxEntriesPerDoctorDay });
                parameters.Add(new NpgsqlParameter<string> { TypedValue = owner });
                parameters.Add(new NpgsqlParameter<long> { TypedValue = leaseUntil.UtcTicks });
            },
            async (command, token) =>
                (await ReadEntriesAsync(command, token).ConfigureAwait(false)).Sort((a, b) => a.Id.CompareTo(b.Id)),
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
    public ValueTask<ImmutableArray<OutboxEntry>> ListDeadLettersAsync(int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return RunOutboxAsync(
            "list dead letters",
            $"""
            SELECT {EntryColumns} FROM {PostgreSqlSchema.Quote(Schema)}.outbox WHERE state = 2
            ORDER BY state_changed_at, date, doctor_id, version, sequence LIMIT $1
            """,
            parameters => parameters.Add(new NpgsqlParameter<int> { TypedValue = max }),
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
            $"""
            UPDATE {PostgreSqlSchema.Quote(Schema)}.outbox
            SET state = 0, attempts = 0, next_attempt_at = $5, state_changed_at = NULL,
                lease_owner = NULL, lease_until = NULL
            WHERE {OfEvent} AND state = 2
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
    private async ValueTask<T> RunOutboxAsync<T>(
        string operation,
        string sql,
        Action<NpgsqlParameterCollection> parameters,
        Func<NpgsqlCommand, CancellationToken, Task<T>> run,
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
                            using var command = new NpgsqlCommand(sql, connection);
                            parameters(command.Parameters);
                            return await run(command, token).ConfigureAwait(false);
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
