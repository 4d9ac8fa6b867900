using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OpdTokens.Allocation.Sqlite.Tests;

/// <summary>A logger that keeps every entry: level, event name, message and structured fields.</summary>
public sealed class LogRecorder<T> : ILogger<T>
{
    public ConcurrentQueue<Entry> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(
        LogLevel logLevel,
        EventId eventId,
        TState state,
        Exception? exception,
        Func<TState, Exception?, string> formatter
    )
    {
        var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? pairs.ToDictionary(p => p.Key, p => p.Value)
            : [];
        Entries.Enqueue(new Entry(logLevel, eventId.Name ?? "", formatter(state, exception), fields, exception));
    }

    public sealed record Entry(
        LogLevel Level,
        string EventName,
        string Message,
        Dictionary<string, object?> Fields,
        Exception? Exception
    );
}
