using System.Diagnostics;

namespace OpdTokens.Allocation.Core;

/// <summary>Sequence numbers of tokens kept in rank order (a slot's queue or the waitlist): score descending, then
/// sequence ascending, as <see cref="Policies.RankComparer"/> orders them.</summary>
/// <remarks>A sorted array of rank keys: a queue holds at most a slot's capacity (1,000), so binary search and one
/// block move per change beat any tree, and nothing is allocated while the array has room. Each key carries the score
/// and the sequence, so ordering never reads a token: the tokens are spread over the heap, and chasing them cost a cache
/// miss per comparison.</remarks>
[DebuggerDisplay("{Count} ranked")]
internal sealed class RankedSequences
{
    private ulong[] _keys;
    private int _count;

    public RankedSequences(int capacity) => _keys = capacity == 0 ? [] : new ulong[capacity];

    public int Count => _count;

    /// <summary>The sequence at a rank, 0 being the highest.</summary>
    public int this[int index] => SequenceOf(_keys[index]);

    /// <summary>The backing array of rank keys: the first <see cref="Count"/> are in rank order.</summary>
    public ulong[] Keys => _keys;

    /// <summary>The rank key of a token: ordering keys ascending orders tokens by rank.</summary>
    public static ulong KeyOf(int sequence, int score) =>
        unchecked(((ulong)(uint)((long)int.MaxValue - score) << 32) | (uint)sequence);

    /// <summary>The sequence a rank key carries (its low half).</summary>
    public static int SequenceOf(ulong key) => unchecked((int)(uint)key);

    public void Insert(int sequence, int score)
    {
        var key = KeyOf(sequence, score);
        var at = ~Array.BinarySearch(_keys, 0, _count, key);
        // Stryker disable once all : the mutation run tests the Release build, where Debug.Assert is compiled out.
        Debug.Assert(at >= 0, "A sequence is listed once.");
        if (_count == _keys.Length)
        {
            Array.Resize(ref _keys, Math.Max(4, _keys.Length * 2));
        }

        // Spans move the keys with one memmove, without Array.Copy's type checks.
        _keys.AsSpan(at, _count - at).CopyTo(_keys.AsSpan(at + 1));
        _keys[at] = key;
        _count++;
    }

    public void Remove(int sequence, int score)
    {
        var at = Array.BinarySearch(_keys, 0, _count, KeyOf(sequence, score));
        // Stryker disable once all : the mutation run tests the Release build, where Debug.Assert is compiled out.
        Debug.Assert(at >= 0, "Only listed sequences are removed.");
        _count--;
        _keys.AsSpan(at + 1, _count - at).CopyTo(_keys.AsSpan(at));
    }

    /// <summary>The rank of a listed sequence (0 the highest), or a negative number when it is not listed.</summary>
    public int IndexOf(int sequence, int score) => Math.Max(-1, IndexOf(_keys, _count, sequence, score));

    /// <summary>The index of a sequence among the first <paramref name="count"/> keys, or a negative number.</summary>
    public static int IndexOf(ulong[] keys, int count, int sequence, int score) =>
        Array.BinarySearch(keys, 0, count, KeyOf(sequence, score));

    /// <summary>Makes this list a copy of another, reusing the array when it is large enough.</summary>
    public void CopyFrom(RankedSequences other)
    {
        if (_keys.Length < other._count)
        {
            _keys = new ulong[other._keys.Length];
        }

        Array.Copy(other._keys, _keys, other._count);
        _count = other._count;
    }

    /// <summary>A copy trimmed to its contents.</summary>
    public RankedSequences Copy()
    {
        var copy = new RankedSequences(_count);
        Array.Copy(_keys, copy._keys, _count);
        copy._count = _count;
        return copy;
    }
}
