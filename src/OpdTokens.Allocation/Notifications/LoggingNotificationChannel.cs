using Microsoft.Extensions.Logging;

namespace OpdTokens.Allocation.Notifications;

/// <summary>A channel for development: writes each notification's id, kind, language and text to the log instead of
/// sending it. The phone number is never logged.</summary>
/// <remarks>The text carries the patient's name: use it only where logs may hold personal data, such as a developer's
/// machine. This type is thread-safe.</remarks>
public sealed partial class LoggingNotificationChannel : INotificationChannel
{
    private readonly ILogger _logger;

    /// <summary>Creates the channel.</summary>
    /// <param name="logger">Where to write.</param>
    /// <exception cref="ArgumentNullException"><paramref name="logger"/> is <see langword="null"/>.</exception>
    public LoggingNotificationChannel(ILogger<LoggingNotificationChannel> logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
    }

    /// <inheritdoc />
    public string Name => "log";

    /// <inheritdoc />
    public ValueTask SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        cancellationToken.ThrowIfCancellationRequested();
        Log(
            _logger,
            notification.Id,
            notification.Kind,
            notification.Attempt,
            notification.Recipient.Language,
            notification.Message
        );
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(
        EventId = 1,
        Level = LogLevel.Information,
        Message = "Notification {EventId} ({Kind}, attempt {Attempt}, {Language}): {Text}"
    )]
    private static partial void Log(
        ILogger logger,
        AllocationEventId eventId,
        string kind,
        int attempt,
        string language,
        string text
    );
}
