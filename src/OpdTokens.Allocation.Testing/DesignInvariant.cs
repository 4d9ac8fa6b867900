namespace OpdTokens.Allocation.Testing;

/// <summary>The invariants of <see href="https://opdtokens.github.io/OpdTokens.Allocation/articles/design.html#6-invariants">the
/// design, section 6</see>, numbered as there.</summary>
public enum DesignInvariant
{
    /// <summary>1. A slot holds at most its capacity plus min(overflow allowance, its emergencies); non-emergency
    /// seat-holders never exceed the capacity.</summary>
    Capacity = 1,

    /// <summary>2. Every token is in exactly one status; seat-holders have a slot of their own doctor-day, waitlisted
    /// tokens none; queues, the waitlist and counts agree with the tokens; nothing disappears.</summary>
    Conservation = 2,

    /// <summary>3. No slot that has not ended has a free seat while its doctor-day has a waitlisted token.</summary>
    WorkConservation = 3,

    /// <summary>4. A bump moves only a strictly lower-ranked, non-emergency, allocated token, at most one per
    /// request.</summary>
    FairBumps = 4,

    /// <summary>5. Queues and the waitlist are in rank order; token numbers are unique; sequences strictly increase
    /// per doctor-day.</summary>
    OrderAndIdentity = 5,

    /// <summary>6. Completed, cancelled and no-show tokens never change.</summary>
    FinalStatuses = 6,

    /// <summary>7. Under many threads the final state is one that some serial order of the same commands
    /// produces.</summary>
    Serialisability = 7,

    /// <summary>8. When the store's commit throws, the engine's visible state is exactly as before.</summary>
    FailureAtomicity = 8,
}
