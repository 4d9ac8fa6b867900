namespace OpdTokens.Samples.Console.Simulation;

/// <summary>What a simulated patient does with the token they get.</summary>
public enum PatientBehaviour
{
    /// <summary>Comes to the hospital and checks in before the slot.</summary>
    Arrives = 0,

    /// <summary>Cancels at a planned time (and, until then, behaves like <see cref="Arrives"/>).</summary>
    Cancels = 1,

    /// <summary>Never comes; the desk marks the token as a no-show once the slot is under way.</summary>
    NoShow = 2,
}
