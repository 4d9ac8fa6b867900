using System.Collections.Immutable;
using System.Diagnostics;

namespace OpdTokens.Allocation;

/// <summary>The estimated starts of every waiting token of one doctor-day, as one estimator computed them at one
/// instant.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
[DebuggerDisplay("{Partition} v{Version} at {ComputedAt}: {Entries.Length} estimates")]
public sealed class WaitTimeEstimates
{
    /// <summary>Creates the estimates.</summary>
    /// <param name="partition">The doctor-day.</param>
    /// <param name="version">The version of the snapshot they were computed from.</param>
    /// <param name="computedAt">The instant they were computed for.</param>
    /// <param name="entries">One estimate per waiting token, by slot start and then queue position.</param>
    /// <exception cref="ArgumentException"><paramref name="entries"/> is default.</exception>
    public WaitTimeEstimates(
        PartitionKey partition,
        long version,
        DateTimeOffset computedAt,
        ImmutableArray<WaitEstimate> entries
    )
    {
        if (entries.IsDefault)
        {
            throw new ArgumentException("The estimates must be an initialised array.", nameof(entries));
        }

        Partition = partition;
        Version = version;
        ComputedAt = computedAt;
        Entries = entries;
    }

    /// <summary>Gets the doctor-day.</summary>
    public PartitionKey Partition { get; }

    /// <summary>Gets the version of the snapshot the estimates were computed from.</summary>
    public long Version { get; }

    /// <summary>Gets the instant the estimates were computed for.</summary>
    public DateTimeOffset ComputedAt { get; }

    /// <summary>Gets one estimate per waiting token, by slot start and then queue position.</summary>
    public ImmutableArray<WaitEstimate> Entries { get; }

    /// <summary>Finds the estimate of a token.</summary>
    /// <param name="tokenId">The token.</param>
    /// <param name="estimate">Its estimate, when it is waiting in a slot.</param>
    /// <returns><see langword="true"/> when the token has an estimate.</returns>
    public bool TryGet(TokenId tokenId, out WaitEstimate estimate)
    {
        // A day holds a few hundred waiting tokens at most: a scan is cheaper than building an index per read.
        foreach (var entry in Entries)
        {
            if (entry.TokenId == tokenId)
            {
                estimate = entry;
                return true;
            }
        }

        estimate = default;
        return false;
    }
}
