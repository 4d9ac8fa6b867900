using OpdTokens.Allocation.Core;

namespace OpdTokens.Allocation.Tests.Core;

/// <summary>The sorted array of rank keys behind a slot's queue and the waitlist.</summary>
public sealed class RankedSequencesTests
{
    private static int[] Listed(RankedSequences ranked) =>
        [.. Enumerable.Range(0, ranked.Count).Select(i => ranked[i])];

    [Fact]
    public void Keys_order_higher_scores_first_then_lower_sequences_over_the_whole_score_range()
    {
        (int Sequence, int Score)[] ranked =
        [
            (5, int.MaxValue),
            (1, 100),
            (2, 100),
            (1, 0),
            (int.MaxValue, 0),
            (3, -1),
            (1, int.MinValue),
        ];

        var keys = ranked.Select(r => RankedSequences.KeyOf(r.Sequence, r.Score)).ToArray();

        Assert.Equal(keys.Order().ToArray(), keys);
        Assert.Equal(keys.Length, keys.Distinct().Count());
        Assert.Equal(ranked.Select(r => r.Sequence), keys.Select(RankedSequences.SequenceOf));
    }

    [Fact]
    public void Inserting_many_keeps_rank_order_as_the_array_grows_from_empty()
    {
        var ranked = new RankedSequences(0);
        var random = new Random(14);
        var expected = new List<(int Sequence, int Score)>();
        foreach (var sequence in Enumerable.Range(1, 300).OrderBy(_ => random.Next()))
        {
            var score = random.Next(-5, 6) * 10;
            ranked.Insert(sequence, score);
            expected.Add((sequence, score));
        }

        Assert.Equal(300, ranked.Count);
        Assert.Equal(
            expected.OrderByDescending(e => e.Score).ThenBy(e => e.Sequence).Select(e => e.Sequence).ToArray(),
            Listed(ranked)
        );

        foreach (var (sequence, score) in expected.Where(e => e.Sequence % 3 == 0))
        {
            ranked.Remove(sequence, score);
        }

        Assert.Equal(
            expected
                .Where(e => e.Sequence % 3 != 0)
                .OrderByDescending(e => e.Score)
                .ThenBy(e => e.Sequence)
                .Select(e => e.Sequence)
                .ToArray(),
            Listed(ranked)
        );
    }

    [Fact]
    public void A_full_array_doubles_and_an_empty_one_starts_at_four()
    {
        var ranked = new RankedSequences(0);
        // An empty list (the waitlist of most days) allocates no array.
        Assert.Same(Array.Empty<ulong>(), ranked.Keys);

        ranked.Insert(1, 0);
        Assert.Equal(4, ranked.Keys.Length);
        for (var sequence = 2; sequence <= 4; sequence++)
        {
            ranked.Insert(sequence, 0);
        }

        Assert.Equal(4, ranked.Keys.Length);
        ranked.Insert(5, 0);
        Assert.Equal(8, ranked.Keys.Length);
        Assert.Equal([1, 2, 3, 4, 5], Listed(ranked));
    }

    [Fact]
    public void Removing_the_first_a_middle_and_the_last_closes_the_gap()
    {
        var ranked = new RankedSequences(8);
        for (var sequence = 1; sequence <= 6; sequence++)
        {
            ranked.Insert(sequence, 10 * sequence);
        }

        ranked.Remove(6, 60);
        ranked.Remove(3, 30);
        ranked.Remove(1, 10);

        Assert.Equal([5, 4, 2], Listed(ranked));
        ranked.Insert(3, 45);
        Assert.Equal([5, 3, 4, 2], Listed(ranked));
    }

    [Fact]
    public void The_rank_of_a_listed_sequence_is_found_and_an_unlisted_one_gives_minus_one()
    {
        var ranked = new RankedSequences(4);
        ranked.Insert(1, 10);
        ranked.Insert(2, 30);
        ranked.Insert(3, 20);

        Assert.Equal([1, 2, 0], new[] { ranked.IndexOf(3, 20), ranked.IndexOf(1, 10), ranked.IndexOf(2, 30) });
        Assert.Equal(-1, ranked.IndexOf(4, 5));
        Assert.Equal(-1, ranked.IndexOf(4, 50));
        Assert.Equal(-1, ranked.IndexOf(1, 11));
        Assert.Equal(1, RankedSequences.IndexOf(ranked.Keys, ranked.Count, 3, 20));
        Assert.True(RankedSequences.IndexOf(ranked.Keys, 1, 3, 20) < 0);
    }

    [Fact]
    public void Copying_from_another_list_reuses_an_array_large_enough_and_grows_a_smaller_one()
    {
        var source = new RankedSequences(16);
        for (var sequence = 1; sequence <= 5; sequence++)
        {
            source.Insert(sequence, -sequence);
        }

        var roomy = new RankedSequences(5);
        var roomyKeys = roomy.Keys;
        roomy.CopyFrom(source);
        Assert.Same(roomyKeys, roomy.Keys);
        Assert.Equal([1, 2, 3, 4, 5], Listed(roomy));

        var small = new RankedSequences(4);
        small.Insert(9, 0);
        small.CopyFrom(source);
        Assert.Equal(16, small.Keys.Length);
        Assert.Equal([1, 2, 3, 4, 5], Listed(small));

        source.Remove(1, -1);
        source.Insert(6, 100);
        Assert.Equal([1, 2, 3, 4, 5], Listed(small));
        Assert.Equal([1, 2, 3, 4, 5], Listed(roomy));
        roomy.CopyFrom(new RankedSequences(0));
        Assert.Equal(0, roomy.Count);
    }

    [Fact]
    public void A_copy_is_trimmed_to_its_contents_and_independent_of_the_original()
    {
        var ranked = new RankedSequences(64);
        ranked.Insert(2, 5);
        ranked.Insert(1, 5);
        ranked.Insert(3, 7);

        var copy = ranked.Copy();
        ranked.Remove(3, 7);
        copy.Insert(4, 9);

        Assert.Equal([1, 2], Listed(ranked));
        Assert.Equal([4, 3, 1, 2], Listed(copy));
        Assert.Equal(2, ranked.Copy().Keys.Length);
        Assert.Empty(new RankedSequences(0).Copy().Keys);
        var empty = new RankedSequences(10).Copy();
        empty.Insert(1, 1);
        Assert.Equal([1], Listed(empty));
    }
}
