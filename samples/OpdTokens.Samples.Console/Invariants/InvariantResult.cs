using System.Collections.Immutable;

namespace OpdTokens.Samples.Console.Invariants;

/// <summary>How one invariant fared over a run.</summary>
/// <param name="Invariant">The invariant.</param>
/// <param name="Checks">How many times it was checked (per command during the day, per doctor-day at the end).</param>
/// <param name="Violations">How many checks found it broken.</param>
/// <param name="Examples">The first few violations, in plain words.</param>
public sealed record InvariantResult(Invariant Invariant, int Checks, int Violations, ImmutableArray<string> Examples)
{
    public bool Holds => Violations == 0;
}
