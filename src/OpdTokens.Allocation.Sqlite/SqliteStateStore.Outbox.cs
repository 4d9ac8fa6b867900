using System.Collections.Immutable;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Storage.Relational;

namespace OpdTokens.Allocation.Sqlite;

// The outbox (table opd_outbox, schema version 3): commits write their events in their own savepoint (see
// SqliteBatchWriter); these calls lease, mark and prune them, each in one write transaction under the store's write
// gate, so they queue with commit batches rather than spin on SQLite's lock. Instants are UTC ticks.
public sealed partial class SqliteStateStore : IOutboxStore
{
    private const string EntryColumns = "doctor_id, date, version, sequence, payload, attempts, last_error";
    private const string OfEvent =
        "doctor_id = $doctor AND date = $date AND version = $version AND sequence = $sequence";

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
        return WriteOutboxAsync(
            "lease outbox events",
            command =>
            {
                command.CommandText = $"""
                    WITH heads AS (
                        SELECT o.doctor_id, o.date FROM opd_outbox o
                        WHERE o.state = 0 AND o.next_attempt_at <= $now
                            AND NOT EXISTS (
                                SELECT 1 FROM opd_outbox e
                                WHERE e.state = 0 AND e.doctor_id = o.doctor_id AND e.date = o.date
                                    AND (e.version < o.version OR (e.version = o.version AND e.sequence < o.sequence)))
                            AND NOT EXISTS (
                                SELECT 1 FROM opd_outbox l
                                WHERE l.state = 0 AND l.doctor_id = o.doctor_id AND l.date = o.date
                                    AND l.lease_until > $now)
                        ORDER BY o.next_attempt_at, o.date, o.doctor_id
                        LIMIT $days
                    ),
                    ranked AS (
                        SELECT o.doctor_id, o.date, o.version, o.sequence,
                            row_number() OVER (PARTITION BY o.doctor_id, o.date ORDER BY o.version, o.sequence) AS n
                        FROM opd_outbox o JOIN heads h ON o.doctor_id = h.doctor_id AND o.date = h.date
                        WHERE o.state = 0
                    )
                    UPDATE opd_outbox SET lease_owner = $owner, lease_until = $until
                    WHERE state = 0 AND (doctor_id, date, version, sequence) IN
                        (SELECT doctor_id, date, version, sequence FROM ranked WHERE n <= $max)
                    RETURNING {EntryColumns};
                    """;
                command.Parameters.AddWithValue("$now", now.UtcTicks);
                command.Parameters.AddWithValue("$until", leaseUntil.UtcTicks);
                command.Parameters.AddWithValue("$owner", owner);
                command.Parameters.AddWithValue("$days", maxDoctorDays);
                command.Parameters.AddWithValue("$max", maxEntriesPerDoctorDay);
                return ReadEntries(command).Sort((a, b) => a.Id.CompareTo(b.Id));
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
        WriteOutboxAsync(
            "mark an outbox event delivered",
            command =>
            {
                command.CommandText = $"""
                    UPDATE opd_outbox SET state = 1, state_changed_at = $at, lease_owner = NULL, lease_until = NULL
                    WHERE {OfEvent} AND state = 0;
                    """;
                SetId(command, id);
                command.Parameters.AddWithValue("$at", deliveredAt.UtcTicks);
                return command.ExecuteNonQuery() == 1;
            },
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
        return WriteOutboxAsync(
            "record a failed outbox delivery",
            command =>
            {
                command.CommandText = $"""
                    UPDATE opd_outbox SET attempts = attempts + 1, next_attempt_at = $next, last_error = $error,
                        lease_owner = NULL, lease_until = NULL
                    WHERE {OfEvent} AND state = 0;
                    """;
                SetId(command, id);
                command.Parameters.AddWithValue("$next", nextAttemptAt.UtcTicks);
                command.Parameters.AddWithValue("$error", failure);
                var updated = command.ExecuteNonQuery() == 1;
                command.CommandText = """
                    UPDATE opd_outbox SET lease_owner = NULL, lease_until = NULL
                    WHERE doctor_id = $doctor AND date = $date AND state = 0 AND lease_owner = $owner;
                    """;
                command.Parameters.AddWithValue("$owner", owner);
                command.ExecuteNonQuery();
                return updated;
            },
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
        return WriteOutboxAsync(
            "dead-letter an outbox event",
            command =>
            {
                command.CommandText = $"""
                    UPDATE opd_outbox SET state = 2, attempts = attempts + 1, last_error = $error,
                        state_changed_at = $at, lease_owner = NULL, lease_until = NULL
                    WHERE {OfEvent} AND state = 0;
                    """;
                SetId(command, id);
                command.Parameters.AddWithValue("$at", at.UtcTicks);
                command.Parameters.AddWithValue("$error", failure);
                return command.ExecuteNonQuery() == 1;
            },
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
        return WriteOutboxAsync(
            "list dead letters",
            command =>
            {
                // The ids' order: dates as yyyy-MM-dd text and doctor ids in BINARY collation sort as the ids do.
                command.CommandText = $"""
                    SELECT {EntryColumns} FROM opd_outbox
                    WHERE state = 2 {(
                        after is null
                            ? ""
                            : "AND (date, doctor_id, version, sequence) > ($date, $doctor, $version, $sequence)"
                    )}
                    ORDER BY date, doctor_id, version, sequence LIMIT $max;
                    """;
                command.Parameters.AddWithValue("$max", max);
                if (after is { } last)
                {
                    SetId(command, last);
                }

                return ReadEntries(command);
            },
            cancellationToken
        );
    }

    /// <inheritdoc />
    public ValueTask<bool> RetryDeadLetterAsync(
        AllocationEventId id,
        DateTimeOffset now,
        CancellationToken cancellationToken
    ) =>
        WriteOutboxAsync(
            "retry a dead letter",
            command =>
            {
                command.CommandText = $"""
                    UPDATE opd_outbox SET state = 0, attempts = 0, next_attempt_at = $now, state_changed_at = NULL,
                        lease_owner = NULL, lease_until = NULL
                    WHERE {OfEvent} AND state = 2;
                    """;
                SetId(command, id);
                command.Parameters.AddWithValue("$now", now.UtcTicks);
                return command.ExecuteNonQuery() == 1;
            },
            cancellationToken
        );

    /// <inheritdoc />
    public ValueTask<int> PruneDeliveredAsync(DateTimeOffset deliveredBefore, CancellationToken cancellationToken) =>
        WriteOutboxAsync(
            "prune delivered outbox events",
            command =>
            {
                command.CommandText = "DELETE FROM opd_outbox WHERE state = 1 AND state_changed_at < $cutoff;";
                command.Parameters.AddWithValue("$cutoff", deliveredBefore.UtcTicks);
                return command.ExecuteNonQuery();
            },
            cancellationToken
        );

    /// <inheritdoc />
    public async ValueTask<OutboxCounts> CountOutboxAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT state, count(*) FROM opd_outbox GROUP BY state;";
            using var reader = command.ExecuteReader();
            long pending = 0,
                delivered = 0,
                dead = 0;
            while (reader.Read())
            {
                var count = reader.GetInt64(1);
                switch (reader.GetInt32(0))
                {
                    case 0:
                        pending = count;
                        break;
                    case 1:
                        delivered = count;
                        break;
                    default:
                        dead += count;
                        break;
                }
            }

            return new OutboxCounts(pending, delivered, dead);
        }
        catch (DbException e)
        {
            LogFailure("count outbox events", "-", e);
            throw new StateStoreException(
                $"Could not count outbox events in SQLite database '{DataSource}': {e.Message}",
                e
            );
        }
    }

    /// <summary>Runs one outbox write in its own immediate transaction, queued behind the store's other
    /// writers.</summary>
    private async ValueTask<T> WriteOutboxAsync<T>(
        string operation,
        Func<SqliteCommand, T> work,
        CancellationToken cancellationToken
    )
    {
        cancellationToken.ThrowIfCancellationRequested();
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            using var transaction = connection.BeginTransaction(deferred: false);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var result = work(command);
            transaction.Commit();
            return result;
        }
        catch (DbException e)
        {
            LogFailure(operation, "-", e);
            throw new StateStoreException($"Could not {operation} in SQLite database '{DataSource}': {e.Message}", e);
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            throw new StateStoreException(
                $"An outbox event in SQLite database '{DataSource}' is not valid: {e.Message}",
                e
            );
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private static ImmutableArray<OutboxEntry> ReadEntries(SqliteCommand command)
    {
        var entries = ImmutableArray.CreateBuilder<OutboxEntry>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var partition = new PartitionKey(
                new DoctorId(reader.GetString(0)),
                DateOnly.ParseExact(reader.GetString(1), "yyyy-MM-dd", CultureInfo.InvariantCulture)
            );
            entries.Add(
                new OutboxEntry(
                    new AllocationEventId(partition, reader.GetInt64(2), reader.GetInt32(3)),
                    OutboxPayload.Read(reader.GetString(4)),
                    reader.GetInt32(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6)
                )
            );
        }

        return entries.ToImmutable();
    }

    private static void SetId(SqliteCommand command, AllocationEventId id)
    {
        command.Parameters.AddWithValue("$doctor", id.Partition.Doctor.Value);
        command.Parameters.AddWithValue("$date", StoredValues.Date(id.Partition.Date));
        command.Parameters.AddWithValue("$version", id.Version);
        command.Parameters.AddWithValue("$sequence", id.Sequence);
    }
}
