namespace OpdTokens.Allocation.Tests.Engine;

/// <summary>The engine's cell of one doctor-day: readers racing a writer never take the cache back in time.</summary>
public sealed class PartitionCellTests
{
    private static readonly PartitionKey Day = new(new DoctorId("D1"), new DateOnly(2026, 11, 21));

    private static DoctorDay Version(long version) => DoctorDay.Create(Day, version, TimeSpan.Zero, [], []);

    [Fact]
    public void Older_snapshot_loaded_by_a_slow_reader_does_not_replace_a_newer_one()
    {
        var cell = new PartitionCell();
        var newer = Version(2);
        cell.Publish(newer, timestamp: 10);

        var kept = cell.Publish(Version(1), timestamp: 20);

        Assert.Same(newer, kept);
        Assert.Same(newer, cell.Snapshot);
        Assert.Equal(10, cell.PublishedAt);
    }

    [Fact]
    public void Same_version_published_again_restarts_its_age()
    {
        var cell = new PartitionCell();
        cell.Publish(Version(2), timestamp: 10);
        var reloaded = Version(2);

        Assert.Same(reloaded, cell.Publish(reloaded, timestamp: 20));
        Assert.Equal(20, cell.PublishedAt);
    }
}
