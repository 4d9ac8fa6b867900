namespace OpdTokens.Allocation.Policies;

/// <summary>Orders tokens by rank: score descending, then sequence ascending, then allocation time ascending.</summary>
/// <remarks>
/// <para>Rank orders tokens everywhere: slot queues, the waitlist and the choice of whom to bump. Within a doctor-day
/// sequence numbers are unique, so the order is total.</para>
/// <para>This type is stateless and thread-safe.</para>
/// </remarks>
public sealed class RankComparer : IComparer<Token>
{
    private RankComparer() { }

    /// <summary>Gets the single instance.</summary>
    public static RankComparer Instance { get; } = new();

    /// <summary>Compares two tokens by rank; a negative result means <paramref name="x"/> ranks first.</summary>
    /// <param name="x">The first token.</param>
    /// <param name="y">The second token.</param>
    /// <returns>A negative number when <paramref name="x"/> ranks before <paramref name="y"/>, zero when they rank
    /// equally, a positive number otherwise; <see langword="null"/> ranks last.</returns>
    public int Compare(Token? x, Token? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return 1;
        }

        if (y is null)
        {
            return -1;
        }

        var byScore = y.PriorityScore.CompareTo(x.PriorityScore);
        if (byScore != 0)
        {
            return byScore;
        }

        var bySequence = x.Sequence.CompareTo(y.Sequence);
        if (bySequence != 0)
        {
            return bySequence;
        }

        return Nullable.Compare(x.AllocatedAt, y.AllocatedAt) switch
        {
            0 => 0,
            _ when x.AllocatedAt is null => 1,
            _ when y.AllocatedAt is null => -1,
            var c => c,
        };
    }
}
