using System.Collections;
using System.Diagnostics;

namespace OpdTokens.Allocation;

/// <summary>Tokens in rank order: a slot's queue or a doctor-day's waitlist, as a read-only view of a
/// <see cref="DoctorDay"/>.</summary>
/// <remarks>
/// <para>Rank is score descending, then sequence number ascending (see <see cref="Policies.RankComparer"/>): index 0
/// is served first. Reading the count or a token by index is O(1); neither that nor a <see langword="foreach"/>
/// allocates.</para>
/// <para>This type is an immutable view of an immutable snapshot and is thread-safe.</para>
/// </remarks>
[DebuggerDisplay("Count = {Count}")]
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Naming",
    "CA1711:Identifiers should not have incorrect suffix",
    Justification = "It is the queue of the domain: tokens waiting in rank order."
)]
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Naming",
    "CA1710:Identifiers should have correct suffix",
    Justification = "It is the queue of the domain: tokens waiting in rank order."
)]
public readonly struct TokenQueue : IReadOnlyList<Token>
{
    private readonly ulong[]? _keys;
    private readonly Token?[]? _tokens;

    internal TokenQueue(ulong[] keys, int count, Token?[] tokens)
    {
        _keys = keys;
        _tokens = tokens;
        Count = count;
    }

    /// <summary>Gets how many tokens are in the queue.</summary>
    public int Count { get; }

    /// <summary>Gets whether the queue is empty.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>Gets the token at a place in the queue.</summary>
    /// <param name="index">The place, 0 being the highest ranked.</param>
    /// <returns>The token.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative or not less than
    /// <see cref="Count"/>.</exception>
    public Token this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return _tokens![Core.RankedSequences.SequenceOf(_keys![index]) - 1]!;
        }
    }

    /// <summary>Gets the highest-ranked token, or <see langword="null"/> when the queue is empty.</summary>
    public Token? First => Count > 0 ? this[0] : null;

    /// <summary>Gets the lowest-ranked token, or <see langword="null"/> when the queue is empty.</summary>
    public Token? Last => Count > 0 ? this[Count - 1] : null;

    /// <summary>Finds the place of a token in the queue.</summary>
    /// <param name="token">The token.</param>
    /// <returns>Its index (0 the highest ranked), or -1 when it is not in the queue. Any state of the token (an older
    /// copy, say) finds the token's place.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> is <see langword="null"/>.</exception>
    public int IndexOf(Token token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (Count == 0 || token.Sequence < 1 || token.Sequence > _tokens!.Length)
        {
            return -1;
        }

        // Any state of the token finds its place: rank never changes, and the id names the doctor-day.
        var index = Core.RankedSequences.IndexOf(_keys!, Count, token.Sequence, token.PriorityScore);
        return index >= 0 && _tokens[token.Sequence - 1]!.Id == token.Id ? index : -1;
    }

    /// <summary>Tells whether a token is in the queue.</summary>
    /// <param name="token">The token.</param>
    /// <returns><see langword="true"/> when it is.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> is <see langword="null"/>.</exception>
    public bool Contains(Token token) => IndexOf(token) >= 0;

    /// <summary>Returns an enumerator over the tokens in rank order.</summary>
    /// <returns>The enumerator.</returns>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<Token> IEnumerable<Token>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Enumerates a <see cref="TokenQueue"/> in rank order without allocating.</summary>
    public struct Enumerator : IEnumerator<Token>
    {
        private readonly TokenQueue _queue;
        private int _index;

        internal Enumerator(TokenQueue queue)
        {
            _queue = queue;
            _index = -1;
        }

        /// <summary>Gets the current token.</summary>
        public readonly Token Current => _queue._tokens![Core.RankedSequences.SequenceOf(_queue._keys![_index]) - 1]!;

        readonly object IEnumerator.Current => Current;

        /// <summary>Moves to the next token.</summary>
        /// <returns><see langword="false"/> at the end.</returns>
        public bool MoveNext() => ++_index < _queue.Count;

        /// <summary>Starts again.</summary>
        public void Reset() => _index = -1;

        /// <summary>Does nothing: the enumerator holds nothing to release.</summary>
        public readonly void Dispose() { }
    }
}
