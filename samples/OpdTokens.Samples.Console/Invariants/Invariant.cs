using System.Collections.Immutable;
using OpdTokens.Allocation.Testing;

namespace OpdTokens.Samples.Console.Invariants;

/// <summary>One of the invariants of the design (docs/articles/design.md, section 6) that the simulation checks.</summary>
/// <param name="Number">Its number in the design.</param>
/// <param name="Name">A short name.</param>
/// <param name="Rule">The rule, in plain words.</param>
public sealed record Invariant(int Number, string Name, string Rule)
{
    public static readonly Invariant Capacity = new(
        1,
        "Capacity",
        "every slot holds at most its capacity plus min(overflow allowance, its emergencies); non-emergency "
            + "seat-holders never exceed the capacity"
    );

    public static readonly Invariant Conservation = new(
        2,
        "Conservation",
        "every token is in exactly one status; seat-holders have a slot of their own doctor-day, waitlisted tokens "
            + "none; queues, waitlist and counts agree with the tokens; nothing disappears"
    );

    public static readonly Invariant WorkConservation = new(
        3,
        "Work conservation",
        "no slot that has not ended has a free seat while its doctor-day has a waitlisted token"
    );

    public static readonly Invariant Bumps = new(
        4,
        "Bumps",
        "a bump moves only a strictly lower-ranked, non-emergency, allocated token, at most one per request, and "
            + "never cascades"
    );

    public static readonly Invariant Order = new(
        5,
        "Order",
        "queues and the waitlist are in rank order; token numbers are unique; sequences strictly increase per "
            + "doctor-day"
    );

    public static readonly Invariant Terminal = new(
        6,
        "Terminal statuses",
        "completed, cancelled and no-show tokens never change"
    );

    /// <summary>Invariants 1 to 6, in order.</summary>
    public static readonly ImmutableArray<Invariant> All =
    [
        Capacity,
        Conservation,
        WorkConservation,
        Bumps,
        Order,
        Terminal,
    ];

    /// <summary>Gets the invariant the test kit's <see cref="DesignInvariant"/> names.</summary>
    /// <param name="invariant">The kit's invariant, 1 to 6.</param>
    /// <returns>The invariant of the same number.</returns>
    public static Invariant Of(DesignInvariant invariant) => All.Single(i => i.Number == (int)invariant);
}
