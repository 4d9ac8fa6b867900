using System.Diagnostics;

namespace OpdTokens.Allocation.Core;

/// <summary>Sequence numbers of tokens kept in rank order (a slot's queue or the waitlist): score descending, then
/// sequence ascending, as <see cref="Policies.RankComparer"/> orders them.</summary>
/// <remarks>A sorted array of ints: a queue holds at most a slot's capacity (1,000), so binary search and one block
/// move per change beat any tree, and nothing is allocated while the array has room. Scores are read from the day's
/// token array, which always holds the tokens listed here.</remarks>
[DebuggerDisplay("{Count} ranked")]
internal sealed class RankedSequences
{
    private int[] _items;
    private int _count;

    public RankedSequences(int capacity) => _items = capacity == 0 ? [] : new int[capacity];

    public int Count => _count;

    /// <summary>The sequence at a rank, 0 being the highest.</summary>
    public int this[int index] => _items[index];

    /// <summary>The backing array: the first <see cref="Count"/> items are the sequences in rank order.</summary>
    public int[] Items => _items;

    public void Insert(int sequence, int score, Token?[] tokens)
    {
        var at = ~Search(sequence, score, tokens);
        Debug.Assert(at >= 0, "A sequence is listed once.");
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, Math.Max(4, _items.Length * 2));
        }

        Array.Copy(_items, at, _items, at + 1, _count - at);
        _items[at] = sequence;
        _count++;
    }

    public void Remove(int sequence, int score, Token?[] tokens)
    {
        var at = Search(sequence, score, tokens);
        Debug.Assert(at >= 0, "Only listed sequences are removed.");
        _count--;
        Array.Copy(_items, at + 1, _items, at, _count - at);
    }

    /// <summary>The rank of a listed sequence (0 the highest), or a negative number when it is not listed.</summary>
    public int IndexOf(int sequence, int score, Token?[] tokens) => Math.Max(-1, Search(sequence, score, tokens));

    /// <summary>Makes this list a copy of another, reusing the array when it is large enough.</summary>
    public void CopyFrom(RankedSequences other)
    {
        if (_items.Length < other._count)
        {
            _items = new int[other._items.Length];
        }

        Array.Copy(other._items, _items, other._count);
        _count = other._count;
    }

    /// <summary>A copy trimmed to its contents.</summary>
    public RankedSequences Copy()
    {
        var copy = new RankedSequences(_count);
        Array.Copy(_items, copy._items, _count);
        copy._count = _count;
        return copy;
    }

    private int Search(int sequence, int score, Token?[] tokens) => Search(_items, _count, sequence, score, tokens);

    /// <summary>Binary search by rank in the first <paramref name="count"/> items: the index of the sequence, or the
    /// bitwise complement of where it would go.</summary>
    public static int Search(int[] items, int count, int sequence, int score, Token?[] tokens)
    {
        int low = 0,
            high = count - 1;
        while (low <= high)
        {
            var middle = (int)((uint)(low + high) >> 1);
            var other = items[middle];
            var otherScore = tokens[other - 1]!.PriorityScore;

            // Higher scores rank first; equal scores by sequence, which is unique within a day.
            var order =
                otherScore != score ? (otherScore > score ? -1 : 1)
                : other < sequence ? -1
                : other > sequence ? 1
                : 0;
            if (order == 0)
            {
                return middle;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return ~low;
    }
}
