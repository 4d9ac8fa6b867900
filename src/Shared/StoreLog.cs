using Microsoft.Extensions.Logging;

namespace OpdTokens.Allocation.Storage.Relational;

/// <summary>What the SQL stores log: a failed operation, a refused change, a version conflict and a slow commit, each
/// once, with ids, versions, counts and times. Never a patient's name or phone, and never a database message, which
/// may quote a row: errors are named by type and code only.</summary>
internal static partial class StoreLog
{
    [LoggerMessage(
        EventId = 1,
        EventName = "StoreOperationFailed",
        Level = LogLevel.Error,
        Message = "{Store} store: {Operation} failed after {ElapsedMs} ms ({ErrorType} {ErrorCode}); doctor-days: {Partitions}, batch size {BatchSize}."
    )]
    public static partial void OperationFailed(
        ILogger logger,
        string store,
        string operation,
        long elapsedMs,
        string errorType,
        string errorCode,
        string partitions,
        int batchSize
    );

    [LoggerMessage(
        EventId = 2,
        EventName = "StoreCommitConflict",
        Level = LogLevel.Debug,
        Message = "{Store} store: commit of doctor-day {Partition} refused, another writer was first: expected version {ExpectedVersion}, stored {StoredVersion}."
    )]
    public static partial void Conflict(
        ILogger logger,
        string store,
        PartitionKey partition,
        long expectedVersion,
        long? storedVersion
    );

    [LoggerMessage(
        EventId = 3,
        EventName = "StoreChangeRefused",
        Level = LogLevel.Warning,
        Message = "{Store} store: the database refused the change of doctor-day {Partition} (version {ExpectedVersion} to {NewVersion}; {ErrorType} {ErrorCode}); the other changes of its batch of {BatchSize} were committed."
    )]
    public static partial void ChangeRefused(
        ILogger logger,
        string store,
        PartitionKey partition,
        long expectedVersion,
        long newVersion,
        string errorType,
        string errorCode,
        int batchSize
    );

    [LoggerMessage(
        EventId = 4,
        EventName = "StoreSlowCommit",
        Level = LogLevel.Warning,
        Message = "{Store} store: slow commit of {BatchSize} changes (about {Bytes} bytes) in {ElapsedMs} ms, of which {QueuedMs} ms queued; first doctor-day {Partition} version {ExpectedVersion} to {NewVersion}."
    )]
    public static partial void SlowCommit(
        ILogger logger,
        string store,
        int batchSize,
        long bytes,
        long elapsedMs,
        long queuedMs,
        PartitionKey partition,
        long expectedVersion,
        long newVersion
    );

    /// <summary>Logs what a committed batch did: each conflict and each refused change once, and the batch if it was
    /// slow.</summary>
    public static void BatchWritten(
        ILogger logger,
        string store,
        IReadOnlyList<CommitRequest> batch,
        long startedAt,
        TimeSpan slowThreshold
    )
    {
        foreach (var request in batch)
        {
            if (request.Failure is ConcurrencyConflictException conflict)
            {
                if (logger.IsEnabled(LogLevel.Debug))
                {
                    Conflict(logger, store, request.Partition, request.ExpectedVersion, conflict.ActualVersion);
                }
            }
            else if (request.Failure is { } refused)
            {
                if (logger.IsEnabled(LogLevel.Warning))
                {
                    ChangeRefused(
                        logger,
                        store,
                        request.Partition,
                        request.ExpectedVersion,
                        request.NewVersion,
                        refused.GetType().Name,
                        ErrorCode(refused),
                        batch.Count
                    );
                }
            }
        }

        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(startedAt);
        if (slowThreshold != Timeout.InfiniteTimeSpan && elapsed >= slowThreshold && logger.IsEnabled(LogLevel.Warning))
        {
            var first = batch[0];
            SlowCommit(
                logger,
                store,
                batch.Count,
                batch.Sum(r => (long)r.Bytes),
                (long)elapsed.TotalMilliseconds,
                (long)System.Diagnostics.Stopwatch.GetElapsedTime(first.QueuedAt, startedAt).TotalMilliseconds,
                first.Partition,
                first.ExpectedVersion,
                first.NewVersion
            );
        }
    }

    /// <summary>Logs a batch that failed as a whole: nothing of it was stored (or, when the connection failed during
    /// the commit, its outcome is unknown).</summary>
    public static void BatchFailed(
        ILogger logger,
        string store,
        IReadOnlyList<CommitRequest> batch,
        long startedAt,
        Exception error
    )
    {
        if (!logger.IsEnabled(LogLevel.Error))
        {
            return;
        }

        OperationFailed(
            logger,
            store,
            "commit",
            (long)System.Diagnostics.Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds,
            error.GetType().Name,
            ErrorCode(error),
            Partitions(batch),
            batch.Count
        );
    }

    /// <summary>The database's code of an error (SQLite's result code, PostgreSQL's SQLSTATE), read from the error or
    /// the one inside it; never its message.</summary>
    public static string ErrorCode(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is System.Data.Common.DbException db)
            {
                return db.SqlState ?? db.ErrorCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return "-";
    }

    /// <summary>The doctor-days of a batch for a log line, at most ten.</summary>
    public static string Partitions(IReadOnlyList<CommitRequest> batch)
    {
        var shown = batch.Take(10).Select(r => r.Partition.ToString());
        return string.Join(", ", shown) + (batch.Count > 10 ? $" and {batch.Count - 10} more" : "");
    }
}
