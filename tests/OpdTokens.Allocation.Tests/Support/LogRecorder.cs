using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OpdTokens.Allocation.Tests.Support;

/// <summary>Keeps every log entry written through its loggers, with the message as formatted.</summary>
internal sealed class LogRecorder
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public ILogger<T> For<T>() => new Logger<T>(this);

    internal sealed record LogEntry(LogLevel Level, EventId Id, string Message, Exception? Exception);

    private sealed class Logger<T>(LogRecorder recorder) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(
            LogLevel logLevel,
            EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> formatter
        ) => recorder._entries.Enqueue(new LogEntry(logLevel, eventId, formatter(state, exception), exception));
    }
}
