using Microsoft.Extensions.Logging;

namespace OpdTokens.Allocation;

/// <summary>What the engine logs, each once, with structured fields: doctor-days, versions, commands, timings and
/// type names, never a patient's name or phone.</summary>
internal static class EngineLog
{
    private static readonly Action<ILogger, string, PartitionKey, long, Exception?> SinkFailedMessage =
        LoggerMessage.Define<string, PartitionKey, long>(
            LogLevel.Warning,
            new EventId(1, "SinkFailed"),
            "Event sink {Sink} threw on the events of {Partition} v{Version}; the change stays committed"
        );

    private static readonly Action<ILogger, string, string, DoctorId, Exception?> DoctorSinkFailedMessage =
        LoggerMessage.Define<string, string, DoctorId>(
            LogLevel.Warning,
            new EventId(7, "DoctorSinkFailed"),
            "Event sink {Sink} threw on {Event} of doctor {Doctor}; the change stays saved"
        );

    private static readonly Action<ILogger, PartitionKey, int, Exception?> ConflictRetriedMessage =
        LoggerMessage.Define<PartitionKey, int>(
            LogLevel.Debug,
            new EventId(2, "ConflictRetried"),
            "Doctor-day {Partition} changed under this engine (attempt {Attempt}); reloading and deciding again"
        );

    private static readonly Action<ILogger, PartitionKey, int, Exception?> ConflictsExhaustedMessage =
        LoggerMessage.Define<PartitionKey, int>(
            LogLevel.Warning,
            new EventId(3, "ConflictsExhausted"),
            "Doctor-day {Partition} kept changing under concurrent writers; gave up after {Attempts} attempts"
        );

    // The exception itself is not attached: it propagates to the caller, whose own log has it once, and its message
    // may carry what only the host should decide to log (a store's connection details).
    private static readonly Action<ILogger, string, PartitionKey, string, Exception?> CommandFailedMessage =
        LoggerMessage.Define<string, PartitionKey, string>(
            LogLevel.Warning,
            new EventId(4, "CommandFailed"),
            "{Command} on {Partition} failed with {ExceptionType}; nothing was published"
        );

    private static readonly Action<ILogger, double, PartitionKey, long, Exception?> SlowCommitMessage =
        LoggerMessage.Define<double, PartitionKey, long>(
            LogLevel.Warning,
            new EventId(5, "SlowCommit"),
            "The store took {ElapsedMilliseconds} ms to commit {Partition} v{Version}"
        );

    private static readonly Action<ILogger, string, PartitionKey, Exception?> AfterCommitFailedMessage =
        LoggerMessage.Define<string, PartitionKey>(
            LogLevel.Error,
            new EventId(6, "AfterCommitFailed"),
            "{Command} on {Partition} was committed, but the work after the commit failed; the answer goes without it"
        );

    public static void DoctorSinkFailed(ILogger logger, IAllocationEventSink sink, DoctorEvent e, Exception error) =>
        DoctorSinkFailedMessage(logger, sink.GetType().Name, e.GetType().Name, e.DoctorId, error);

    public static void SinkFailed(ILogger logger, IAllocationEventSink sink, AllocationEvent first, Exception e) =>
        SinkFailedMessage(logger, sink.GetType().Name, first.Partition, first.Version, e);

    public static void ConflictRetried(ILogger logger, PartitionKey partition, int attempt) =>
        ConflictRetriedMessage(logger, partition, attempt, null);

    public static void ConflictsExhausted(ILogger logger, PartitionKey partition, int attempts) =>
        ConflictsExhaustedMessage(logger, partition, attempts, null);

    public static void CommandFailed(ILogger logger, string command, PartitionKey partition, Exception e) =>
        CommandFailedMessage(logger, command, partition, e.GetType().FullName ?? e.GetType().Name, null);

    public static void SlowCommit(ILogger logger, TimeSpan elapsed, PartitionKey partition, long version) =>
        SlowCommitMessage(logger, elapsed.TotalMilliseconds, partition, version, null);

    public static void AfterCommitFailed(ILogger logger, string command, PartitionKey partition, Exception e) =>
        AfterCommitFailedMessage(logger, command, partition, e);
}
