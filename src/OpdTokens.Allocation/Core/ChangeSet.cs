namespace OpdTokens.Allocation.Core;

/// <summary>What a command touched in a doctor-day: token sequences, slot numbers and idempotency keys, each once, in
/// first-touch order. It names the rows a store writes and what another copy of the day must catch up on.</summary>
/// <remarks>Reused from command to command, so recording a change allocates nothing once the lists have grown.</remarks>
internal sealed class ChangeSet
{
    /// <summary>Lists this long are checked for repeats by scanning; longer ones (a closed slot's whole queue) use a
    /// set.</summary>
    private const int ScanLimit = 8;

    private readonly List<int> _tokens = [];
    private readonly List<int> _slots = [];
    private readonly List<string> _records = [];
    private HashSet<int>? _tokenSet;

    public List<int> Tokens => _tokens;

    public List<int> Slots => _slots;

    public List<string> Records => _records;

    /// <summary>Whether the delay changed.</summary>
    public bool Header { get; private set; }

    public bool IsEmpty => _tokens.Count == 0 && _slots.Count == 0 && _records.Count == 0 && !Header;

    public void Token(int sequence)
    {
        if (_tokens.Count < ScanLimit)
        {
            if (!_tokens.Contains(sequence))
            {
                _tokens.Add(sequence);
            }

            return;
        }

        if (_tokenSet is null)
        {
            _tokenSet = [.. _tokens];
        }

        if (_tokenSet.Add(sequence))
        {
            _tokens.Add(sequence);
        }
    }

    public void Slot(int number)
    {
        if (!_slots.Contains(number))
        {
            _slots.Add(number);
        }
    }

    public void Record(string key)
    {
        if (!_records.Contains(key))
        {
            _records.Add(key);
        }
    }

    public void HeaderChanged() => Header = true;

    /// <summary>Adds everything another change set names.</summary>
    public void Add(ChangeSet other)
    {
        foreach (var sequence in other._tokens)
        {
            Token(sequence);
        }

        foreach (var number in other._slots)
        {
            Slot(number);
        }

        foreach (var key in other._records)
        {
            Record(key);
        }

        Header |= other.Header;
    }

    public void Clear()
    {
        _tokens.Clear();
        _slots.Clear();
        _records.Clear();
        _tokenSet = null;
        Header = false;
    }
}
