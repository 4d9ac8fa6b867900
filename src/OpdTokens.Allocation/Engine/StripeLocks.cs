namespace OpdTokens.Allocation;

/// <summary>The writer locks: a doctor-day takes the stripe its key hashes to, so writers of one doctor-day are
/// serialised and writers of different doctors rarely meet.</summary>
internal sealed class StripeLocks
{
    private readonly StripeLock[] _stripes;

    /// <param name="count">How many stripes; a power of two.</param>
    public StripeLocks(int count)
    {
        _stripes = new StripeLock[count];
        for (var i = 0; i < _stripes.Length; i++)
        {
            _stripes[i] = new StripeLock();
        }
    }

    public int Count => _stripes.Length;

    public StripeLock For(PartitionKey key) => _stripes[key.GetHashCode() & (_stripes.Length - 1)];
}
