using Microsoft.Extensions.Logging;

namespace OpdTokens.Allocation;

/// <summary>What the engine logs, each once, with structured fields: doctor-days, versions, commands, timings and
/// type names, never a patient's name or phone.</summary>
internal static partial class EngineLog
{
    public static void SinkFailed(ILogger logger, IAllocationEventSink sink, AllocationEvent first, Exception e) =>
        SinkFailed(logger, sink.GetType().Name, first.Partition, first.Version, e);

    public static void DoctorSinkFailed(ILogger logger, IAllocationEventSink sink, DoctorEvent e, Exception error) =>
        DoctorSinkFailed(logger, sink.GetType().Name, e.GetType().Name, e.DoctorId, error);

    // The exception itself is not attached: it propagates to the caller, whose own log has it once, and its message
    // may carry what only the host should decide to log (a store's connection details).
    public static void CommandFailed(ILogger logger, string command, PartitionKey partition, Exception e) =>
        CommandFailed(logger, command, partition, e.GetType().FullName ?? e.GetType().Name);

    public static void SlowCommit(ILogger logger, TimeSpan elapsed, PartitionKey partition, long version) =>
        SlowCommit(logger, elapsed.TotalMilliseconds, partition, version);

    [LoggerMessage(
        EventId = 1,
        Level = LogLevel.Warning,
        Message = "Event sink {Sink} threw on the events of {Partition} v{Version}; the change stays committed"
    )]
    private static partial void SinkFailed(
        ILogger logger,
        string sink,
        PartitionKey partition,
        long version,
        Exception exception
    );

    [LoggerMessage(
        EventId = 2,
        Level = LogLevel.Debug,
        Message = "Doctor-day {Partition} changed under this engine (attempt {Attempt}); reloading and deciding again"
    )]
    public static partial void ConflictRetried(ILogger logger, PartitionKey partition, int attempt);

    [LoggerMessage(
        EventId = 3,
        Level = LogLevel.Warning,
        Message = "Doctor-day {Partition} kept changing under concurrent writers; gave up after {Attempts} attempts"
    )]
    public static partial void ConflictsExhausted(ILogger logger, PartitionKey partition, int attempts);

    [LoggerMessage(
        EventId = 4,
        Level = LogLevel.Warning,
        Message = "{Command} on {Partition} failed with {ExceptionType}; nothing was published"
    )]
    private static partial void CommandFailed(
        ILogger logger,
        string command,
        PartitionKey partition,
        string exceptionType
    );

    [LoggerMessage(
        EventId = 5,
        Level = LogLevel.Warning,
        Message = "The store took {ElapsedMilliseconds} ms to commit {Partition} v{Version}"
    )]
    private static partial void SlowCommit(
        ILogger logger,
        double elapsedMilliseconds,
        PartitionKey partition,
        long version
    );

    [LoggerMessage(
        EventId = 6,
        Level = LogLevel.Error,
        Message = "{Command} on {Partition} was committed, but the work after the commit failed; the answer goes without it"
    )]
    public static partial void AfterCommitFailed(
        ILogger logger,
        string command,
        PartitionKey partition,
        Exception exception
    );

    [LoggerMessage(
        EventId = 7,
        Level = LogLevel.Warning,
        Message = "Event sink {Sink} threw on {Event} of doctor {Doctor}; the change stays saved"
    )]
    private static partial void DoctorSinkFailed(
        ILogger logger,
        string sink,
        string @event,
        DoctorId doctor,
        Exception exception
    );
}
