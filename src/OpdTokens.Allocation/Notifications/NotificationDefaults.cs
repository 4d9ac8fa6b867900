namespace OpdTokens.Allocation.Notifications;

/// <summary>The defaults of <see cref="NotificationOptions"/>, in one place.</summary>
internal static class NotificationDefaults
{
    public const string ConsentAttribute = "notify";
    public const string ConsentValue = "yes";
    public const string LanguageAttribute = "lang";
    public const string DefaultLanguage = "en";
    public const int MaxAttempts = 10;
    public const int MaxDoctorDaysPerRound = 32;
    public const int MaxEventsPerDoctorDay = 50;
    public const int MaxParallelDoctorDays = 4;
    public static readonly TimeSpan RetryBaseDelay = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan RetryMaxDelay = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DeliveredRetention = TimeSpan.FromDays(7);
    public static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(10);

    /// <summary>The kinds that notify the token's patient unless the options say otherwise: every change a patient
    /// must hear about.</summary>
    public static readonly string[] NotifyOn =
    [
        EventKinds.TokenAllocated,
        EventKinds.TokenWaitlisted,
        EventKinds.TokenBumped,
        EventKinds.TokenPromoted,
        EventKinds.TokenReallocated,
        EventKinds.TokenStatusChanged,
        EventKinds.TokenCancelled,
        EventKinds.TokenMarkedNoShow,
    ];
}
