using OpdTokens.Allocation.Policies;

namespace OpdTokens.Allocation.Tests.Policies;

/// <summary>Rank: score descending, then sequence ascending, then allocation time ascending.</summary>
public sealed class RankComparerTests
{
    private static readonly PartitionKey Day = new(new DoctorId("D1"), new DateOnly(2026, 11, 21));
    private static readonly DateTimeOffset Eight = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    private static Token Ranked(int sequence, int score, DateTimeOffset? allocatedAt = null) =>
        new()
        {
            Id = new TokenId(Day, sequence),
            Number = "N" + sequence,
            Patient = new Patient("P"),
            Source = TokenSource.Online,
            Status = TokenStatus.Allocated,
            PriorityScore = score,
            CreatedAt = Eight,
            AllocatedAt = allocatedAt,
        };

    [Fact]
    public void Higher_score_ranks_first_then_lower_sequence_then_earlier_allocation()
    {
        var tokens = new[]
        {
            Ranked(5, 10),
            Ranked(2, 10),
            Ranked(9, 100),
            Ranked(1, 30),
            Ranked(3, 30, Eight.AddMinutes(5)),
            Ranked(3, 30, Eight),
            Ranked(3, 30),
        };

        var ordered = tokens.Order(RankComparer.Instance).Select(t => (t.Sequence, t.PriorityScore, t.AllocatedAt));

        Assert.Equal(
            [
                (9, 100, null),
                (1, 30, null),
                (3, 30, (DateTimeOffset?)Eight),
                (3, 30, Eight.AddMinutes(5)),
                (3, 30, null),
                (2, 10, null),
                (5, 10, null),
            ],
            ordered.ToArray()
        );
    }

    [Fact]
    public void Comparison_is_antisymmetric_reflexive_and_puts_null_last()
    {
        var a = Ranked(1, 30);
        var b = Ranked(2, 30);
        var comparer = RankComparer.Instance;

        Assert.True(comparer.Compare(a, b) < 0);
        Assert.True(comparer.Compare(b, a) > 0);
        Assert.Equal(0, comparer.Compare(a, a));
        Assert.Equal(0, comparer.Compare(a, a with { Status = TokenStatus.CheckedIn }));
        var seated = a with { AllocatedAt = Eight };
        Assert.True(comparer.Compare(seated, a) < 0, "An allocated copy ranks before a never-allocated one.");
        Assert.True(comparer.Compare(a, seated) > 0, "A never-allocated copy ranks after an allocated one.");
        Assert.Equal(0, comparer.Compare(null, null));
        Assert.True(comparer.Compare(a, null) < 0);
        Assert.True(comparer.Compare(null, a) > 0);
    }
}
