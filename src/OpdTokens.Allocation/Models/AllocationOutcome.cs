namespace OpdTokens.Allocation;

/// <summary>How a token request was placed.</summary>
public enum AllocationOutcome
{
    /// <summary>Placed into a slot with room.</summary>
    Allocated = 0,

    /// <summary>Placed by moving a lower-ranked token out of the slot (to a later slot or, for emergencies, to the
    /// waitlist).</summary>
    BumpedOther = 1,

    /// <summary>An emergency placed over the slot's capacity, within the overflow allowance.</summary>
    Overflow = 2,

    /// <summary>No seat anywhere: the token waits for one.</summary>
    Waitlisted = 3,
}
