using System.Collections;
using System.Diagnostics;

namespace OpdTokens.Allocation;

/// <summary>The tokens of a doctor-day by sequence number: a read-only view of a <see cref="DoctorDay"/>.</summary>
/// <remarks>
/// <para>Enumerates the tokens in sequence order. Looking a token up by its sequence is O(1); neither a lookup nor a
/// <see langword="foreach"/> allocates.</para>
/// <para>This type is an immutable view of an immutable snapshot and is thread-safe.</para>
/// </remarks>
[DebuggerDisplay("Count = {Count}")]
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Naming",
    "CA1710:Identifiers should have correct suffix",
    Justification = "A table of tokens by sequence number is what it is."
)]
public readonly struct TokenTable : IReadOnlyCollection<Token>
{
    private readonly Token?[]? _tokens;
    private readonly int _length;

    internal TokenTable(Token?[] tokens, int length, int count)
    {
        _tokens = tokens;
        _length = length;
        Count = count;
    }

    /// <summary>Gets how many tokens the day has.</summary>
    public int Count { get; }

    /// <summary>Gets whether the day has no token.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>Gets the token with a sequence number.</summary>
    /// <param name="sequence">The sequence number, from 1.</param>
    /// <returns>The token.</returns>
    /// <exception cref="KeyNotFoundException">The day has no token with that sequence number.</exception>
    public Token this[int sequence] =>
        TryGetValue(sequence, out var token)
            ? token
            : throw new KeyNotFoundException($"The doctor-day has no token with sequence number {sequence}.");

    /// <summary>Finds the token with a sequence number.</summary>
    /// <param name="sequence">The sequence number, from 1.</param>
    /// <param name="token">The token, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the day has a token with that sequence number.</returns>
    public bool TryGetValue(int sequence, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Token? token)
    {
        token = sequence >= 1 && sequence <= _length ? _tokens![sequence - 1] : null;
        return token is not null;
    }

    /// <summary>Tells whether the day has a token with a sequence number.</summary>
    /// <param name="sequence">The sequence number.</param>
    /// <returns><see langword="true"/> when it has.</returns>
    public bool Contains(int sequence) => TryGetValue(sequence, out _);

    /// <summary>Returns an enumerator over the tokens in sequence order.</summary>
    /// <returns>The enumerator.</returns>
    public Enumerator GetEnumerator() => new(_tokens, _length);

    IEnumerator<Token> IEnumerable<Token>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Enumerates the tokens of a <see cref="TokenTable"/> in sequence order without allocating.</summary>
    public struct Enumerator : IEnumerator<Token>
    {
        private readonly Token?[]? _tokens;
        private readonly int _length;
        private int _index;

        internal Enumerator(Token?[]? tokens, int length)
        {
            _tokens = tokens;
            _length = length;
            _index = -1;
            Current = null!;
        }

        /// <summary>Gets the current token.</summary>
        public Token Current { get; private set; }

        readonly object IEnumerator.Current => Current;

        /// <summary>Moves to the next token.</summary>
        /// <returns><see langword="false"/> at the end.</returns>
        public bool MoveNext()
        {
            while (++_index < _length)
            {
                if (_tokens![_index] is { } token)
                {
                    Current = token;
                    return true;
                }
            }

            return false;
        }

        /// <summary>Starts again.</summary>
        public void Reset() => _index = -1;

        /// <summary>Does nothing: the enumerator holds nothing to release.</summary>
        public readonly void Dispose() { }
    }
}
