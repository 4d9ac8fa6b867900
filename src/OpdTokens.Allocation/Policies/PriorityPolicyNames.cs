namespace OpdTokens.Allocation.Policies;

/// <summary>The names of the shipped priority policies, as used in configuration.</summary>
public static class PriorityPolicyNames
{
    /// <summary>The name of <see cref="TieredPriorityPolicy"/>: <c>tiered</c>.</summary>
    public const string Tiered = "tiered";

    /// <summary>The name of <see cref="WeightedPriorityPolicy"/>: <c>weighted</c>.</summary>
    public const string Weighted = "weighted";
}
