namespace OpdTokens.Allocation.Tests.Support;

/// <summary>Picks doctor-days that an engine with default options locks with different stripes.</summary>
/// <remarks>Commands on doctor-days that share a stripe run one after the other, so one of them reaches the store only
/// after the other's commit. The stripe follows the partition's hash, which differs from process to process, so a
/// test that needs commands to reach the store together would fail now and then (about one run in twenty for six
/// doctor-days over 256 stripes) unless it picks its doctor-days this way.</remarks>
internal static class DistinctStripes
{
    /// <summary>The first <paramref name="count"/> slots whose doctor-days all lock different stripes.</summary>
    public static SlotId[] Pick(IEnumerable<SlotId> slots, int count)
    {
        var stripes = new OpdTokenAllocationOptions().LockStripes;
        var picked = slots.DistinctBy(s => s.Partition.GetHashCode() & (stripes - 1)).Take(count).ToArray();
        return picked.Length == count
            ? picked
            : throw new InvalidOperationException($"Fewer than {count} doctor-days on distinct stripes; seed more.");
    }
}
