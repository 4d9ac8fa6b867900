namespace OpdTokens.Allocation.Notifications;

/// <summary>Settings of patient notifications and of the outbox dispatcher (<c>AddNotifications</c>); validated all at
/// once when the host starts.</summary>
/// <remarks>
/// <para><b>Who is told.</b> An event of a kind in <see cref="NotifyOn"/> notifies the patient of its token when the
/// patient has a phone number and, with <see cref="RequireConsent"/>, the attribute <see cref="ConsentAttribute"/>
/// set to <c>yes</c> (such as <c>notify=yes</c> in <see cref="Patient.Attributes"/>). Other events are marked
/// delivered without a message.</para>
/// <para><b>What they read.</b> The text comes from the template of the event's kind in the patient's language (the
/// attribute <see cref="LanguageAttribute"/>, such as <c>lang=hi</c>, else <see cref="DefaultLanguage"/>). English
/// (<c>en</c>) and Hindi (<c>hi</c>) ship; <see cref="Templates"/> adds languages or replaces texts. A template's key
/// is the kind, or the kind and a variant: <c>token_status_changed.consulting</c> (the status reached) and
/// <c>token_bumped.waitlisted</c>, <c>token_reallocated.waitlisted</c> (moved to the waitlist). A kind with no
/// template in either language sends nothing. Placeholders: <c>{name}</c>, <c>{token}</c>, <c>{doctor}</c>,
/// <c>{date}</c> (<c>yyyy-MM-dd</c>) and <c>{time}</c> (<c>HH:mm</c>, the slot's start).</para>
/// <para>This type is mutable and not thread-safe: set it up before the host starts.</para>
/// </remarks>
public sealed class NotificationOptions
{
    /// <summary>The configuration section the options are usually bound from (<c>OpdTokens:Notifications</c>).</summary>
    public const string DefaultSectionName = "OpdTokens:Notifications";

    /// <summary>Gets or sets the event kinds (see <see cref="EventKinds"/>) that notify the token's patient.</summary>
    /// <value>The default value is <see langword="null"/>: every token event (allocated, waitlisted, bumped, promoted,
    /// reallocated, status changed, cancelled, no-show).</value>
    public IReadOnlyList<string>? NotifyOn { get; set; }

    /// <summary>Gets or sets whether only patients whose <see cref="ConsentAttribute"/> is <c>yes</c> are
    /// notified.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool RequireConsent { get; set; } = true;

    /// <summary>Gets or sets the patient attribute that records consent to notifications (value <c>yes</c>).</summary>
    /// <value>The default value is <c>notify</c>.</value>
    public string ConsentAttribute { get; set; } = NotificationDefaults.ConsentAttribute;

    /// <summary>Gets or sets the patient attribute that names the language of their messages.</summary>
    /// <value>The default value is <c>lang</c>.</value>
    public string LanguageAttribute { get; set; } = NotificationDefaults.LanguageAttribute;

    /// <summary>Gets or sets the language of patients who name none, or one without templates.</summary>
    /// <value>The default value is <c>en</c>.</value>
    public string DefaultLanguage { get; set; } = NotificationDefaults.DefaultLanguage;

    /// <summary>Gets the templates that add to or replace the shipped ones: language, then key, then text.</summary>
    /// <value>The default value is empty: the shipped English and Hindi texts.</value>
    public IDictionary<string, IDictionary<string, string>> Templates { get; } =
        new Dictionary<string, IDictionary<string, string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets how many attempts an event gets before it is dead-lettered, 1 to 100.</summary>
    /// <value>The default value is 10.</value>
    public int MaxAttempts { get; set; } = NotificationDefaults.MaxAttempts;

    /// <summary>Gets or sets the wait after the first failed attempt; it doubles after each one, up to
    /// <see cref="RetryMaxDelay"/>, with jitter (each wait is between half of it and all of it).</summary>
    /// <value>The default value is 2 seconds.</value>
    public TimeSpan RetryBaseDelay { get; set; } = NotificationDefaults.RetryBaseDelay;

    /// <summary>Gets or sets the longest wait between attempts.</summary>
    /// <value>The default value is 5 minutes.</value>
    public TimeSpan RetryMaxDelay { get; set; } = NotificationDefaults.RetryMaxDelay;

    /// <summary>Gets or sets how long one attempt on one channel may take before it counts as failed.</summary>
    /// <value>The default value is 10 seconds.</value>
    public TimeSpan AttemptTimeout { get; set; } = NotificationDefaults.AttemptTimeout;

    /// <summary>Gets or sets how long a dispatcher holds a doctor-day's stream; at least twice
    /// <see cref="AttemptTimeout"/>. An instance that dies holding one delays that stream by at most this
    /// long.</summary>
    /// <value>The default value is 1 minute.</value>
    public TimeSpan LeaseDuration { get; set; } = NotificationDefaults.LeaseDuration;

    /// <summary>Gets or sets how often an idle dispatcher looks for due events (commits of its own process wake it at
    /// once).</summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan PollInterval { get; set; } = NotificationDefaults.PollInterval;

    /// <summary>Gets or sets the most doctor-days leased in one round, 1 to 10,000.</summary>
    /// <value>The default value is 32.</value>
    public int MaxDoctorDaysPerRound { get; set; } = NotificationDefaults.MaxDoctorDaysPerRound;

    /// <summary>Gets or sets the most events of one doctor-day leased in one round, 1 to 10,000.</summary>
    /// <value>The default value is 50.</value>
    public int MaxEventsPerDoctorDay { get; set; } = NotificationDefaults.MaxEventsPerDoctorDay;

    /// <summary>Gets or sets how many doctor-days one dispatcher delivers to at once, 1 to 256.</summary>
    /// <value>The default value is 4.</value>
    public int MaxParallelDoctorDays { get; set; } = NotificationDefaults.MaxParallelDoctorDays;

    /// <summary>Gets or sets how long delivered events stay in the outbox before they are pruned.</summary>
    /// <value>The default value is 7 days.</value>
    public TimeSpan DeliveredRetention { get; set; } = NotificationDefaults.DeliveredRetention;

    /// <summary>Gets or sets how often the dispatcher prunes delivered events.</summary>
    /// <value>The default value is 10 minutes.</value>
    public TimeSpan PruneInterval { get; set; } = NotificationDefaults.PruneInterval;

    /// <summary>Gets or sets the name this instance leases the outbox under; unique per running instance.</summary>
    /// <value>The default value is <see langword="null"/>: the machine's name, the process id and a random
    /// suffix.</value>
    public string? InstanceId { get; set; }
}
