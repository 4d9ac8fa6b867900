namespace OpdTokens.Allocation.Testing;

/// <summary>One way a doctor-day breaks an invariant of the design.</summary>
/// <param name="Invariant">The invariant broken.</param>
/// <param name="Message">What is wrong, naming the tokens and slots involved.</param>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record InvariantViolation(DesignInvariant Invariant, string Message)
{
    /// <summary>Returns the message.</summary>
    /// <returns>The message.</returns>
    public override string ToString() => Message;
}
