namespace OpdTokens.Allocation;

/// <summary>Where a token request comes from; the priority policy scores tokens by it.</summary>
public enum TokenSource
{
    /// <summary>An emergency: placed first, may bump or overflow.</summary>
    Emergency = 0,

    /// <summary>Paid priority or VIP.</summary>
    Paid = 1,

    /// <summary>A follow-up of an earlier consultation.</summary>
    FollowUp = 2,

    /// <summary>Booked online in advance.</summary>
    Online = 3,

    /// <summary>Walked in at the desk.</summary>
    WalkIn = 4,
}
