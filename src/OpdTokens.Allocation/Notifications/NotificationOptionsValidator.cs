using Microsoft.Extensions.Options;

namespace OpdTokens.Allocation.Notifications;

/// <summary>Checks <see cref="NotificationOptions"/> all at once, naming every bad setting.</summary>
internal sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    private static readonly HashSet<string> Kinds =
    [
        EventKinds.TokenAllocated,
        EventKinds.TokenWaitlisted,
        EventKinds.TokenBumped,
        EventKinds.TokenPromoted,
        EventKinds.TokenReallocated,
        EventKinds.TokenStatusChanged,
        EventKinds.TokenCancelled,
        EventKinds.TokenMarkedNoShow,
        EventKinds.EmergencyOverflowed,
    ];

    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        var errors = new List<string>();
        foreach (var kind in options.NotifyOn ?? [])
        {
            if (!Kinds.Contains(kind))
            {
                errors.Add(
                    $"NotifyOn: '{kind}' is not an event kind about a token; use {string.Join(", ", Kinds.Order())}."
                );
            }
        }

        Require(errors, !string.IsNullOrWhiteSpace(options.ConsentAttribute), "ConsentAttribute must be set.");
        Require(errors, !string.IsNullOrWhiteSpace(options.LanguageAttribute), "LanguageAttribute must be set.");
        Require(errors, !string.IsNullOrWhiteSpace(options.DefaultLanguage), "DefaultLanguage must be set.");
        foreach (var (language, texts) in options.Templates)
        {
            foreach (var (key, text) in texts ?? new Dictionary<string, string>())
            {
                Require(errors, !string.IsNullOrWhiteSpace(text), $"Templates: {language}/{key} is empty.");
            }
        }

        Require(errors, options.MaxAttempts is >= 1 and <= 100, "MaxAttempts must be 1 to 100.");
        Require(errors, options.RetryBaseDelay > TimeSpan.Zero, "RetryBaseDelay must be positive.");
        Require(
            errors,
            options.RetryMaxDelay >= options.RetryBaseDelay,
            "RetryMaxDelay must be at least RetryBaseDelay."
        );
        Require(errors, options.AttemptTimeout > TimeSpan.Zero, "AttemptTimeout must be positive.");
        Require(
            errors,
            options.LeaseDuration >= options.AttemptTimeout * 2,
            "LeaseDuration must be at least twice AttemptTimeout."
        );
        Require(errors, options.PollInterval > TimeSpan.Zero, "PollInterval must be positive.");
        Require(
            errors,
            options.MaxDoctorDaysPerRound is >= 1 and <= 10_000,
            "MaxDoctorDaysPerRound must be 1 to 10,000."
        );
        Require(
            errors,
            options.MaxEventsPerDoctorDay is >= 1 and <= 10_000,
            "MaxEventsPerDoctorDay must be 1 to 10,000."
        );
        Require(errors, options.MaxParallelDoctorDays is >= 1 and <= 256, "MaxParallelDoctorDays must be 1 to 256.");
        Require(errors, options.DeliveredRetention >= TimeSpan.Zero, "DeliveredRetention must not be negative.");
        Require(errors, options.PruneInterval > TimeSpan.Zero, "PruneInterval must be positive.");
        Require(
            errors,
            options.InstanceId is null || !string.IsNullOrWhiteSpace(options.InstanceId),
            "InstanceId must not be blank."
        );
        return errors.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(errors.Select(e => "OpdTokens notifications: " + e));
    }

    private static void Require(List<string> errors, bool condition, string message)
    {
        if (!condition)
        {
            errors.Add(message);
        }
    }
}
