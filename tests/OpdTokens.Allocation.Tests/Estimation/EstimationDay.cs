namespace OpdTokens.Allocation.Tests.Estimation;

/// <summary>Builds doctor-day snapshots by hand for the estimator tests: hourly slots from 09:00 UTC and tokens in
/// any status, with consultation timestamps.</summary>
internal sealed class EstimationDay
{
    public static readonly PartitionKey Key = new(new DoctorId("D1"), new DateOnly(2026, 11, 21));
    public static readonly DateTimeOffset Nine = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    private readonly List<Slot> _slots = [];
    private readonly List<Token> _tokens = [];

    public TimeSpan Delay { get; set; }

    public SlotId Slot(int hour, int capacity, int minutes = 60, bool active = true)
    {
        var id = new SlotId(Key, _slots.Count + 1);
        var start = Nine.AddHours(hour - 9);
        _slots.Add(new Slot(id, start, start.AddMinutes(minutes), capacity, active));
        return id;
    }

    public Token Add(
        SlotId? slot,
        TokenStatus status,
        TokenSource source = TokenSource.Online,
        int score = 30,
        DateTimeOffset? started = null,
        DateTimeOffset? completed = null
    )
    {
        var sequence = _tokens.Count + 1;
        var token = new Token
        {
            Id = new TokenId(Key, sequence),
            Number = $"DOCD1-20261121-{sequence:0000}",
            Patient = new Patient($"Patient {sequence}"),
            Source = source,
            Status = status,
            PriorityScore = score,
            SlotId = slot,
            CreatedAt = Nine.AddHours(-2),
            AllocatedAt = slot is null ? null : Nine.AddHours(-2),
            CheckedInAt = status is TokenStatus.CheckedIn or TokenStatus.Consulting or TokenStatus.Completed
                ? Nine.AddHours(-1)
                : null,
            ConsultationStartedAt = started,
            CompletedAt = completed,
            NoShowAt = status == TokenStatus.NoShow ? Nine : null,
            CancelledAt = status == TokenStatus.Cancelled ? Nine : null,
        };
        _tokens.Add(token);
        return token;
    }

    /// <summary>A completed consultation of a given length, ending at <paramref name="end"/>.</summary>
    public Token Completed(SlotId slot, DateTimeOffset end, double minutes, TokenSource source = TokenSource.Online) =>
        Add(slot, TokenStatus.Completed, source, started: end.AddMinutes(-minutes), completed: end);

    public DoctorDay Build() => DoctorDay.Create(Key, 1, Delay, _slots, _tokens);
}
