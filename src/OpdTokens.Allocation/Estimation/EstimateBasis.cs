namespace OpdTokens.Allocation;

/// <summary>What an estimated start was computed from.</summary>
public enum EstimateBasis
{
    /// <summary>The slot formula: slot start + the doctor's delay + (position - 1) x slot length / capacity, never
    /// earlier than now. Used for a doctor with no consultation history.</summary>
    SlotFormula = 0,

    /// <summary>The doctor's observed consultations, the patient in the room, the tokens ahead weighted by how likely
    /// they are to be seen, and the delay.</summary>
    Learned = 1,
}
