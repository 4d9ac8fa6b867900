using OpdTokens.Allocation.Core;

namespace OpdTokens.Allocation.Tests.Core;

/// <summary>What a command touched: each token, slot and idempotency key once, in first-touch order.</summary>
public sealed class ChangeSetTests
{
    [Fact]
    public void A_few_touched_tokens_are_listed_once_in_first_touch_order()
    {
        var changes = new ChangeSet();
        foreach (var sequence in new[] { 5, 3, 5, 1, 3, 7 })
        {
            changes.Token(sequence);
        }

        Assert.Equal([5, 3, 1, 7], changes.Tokens);
    }

    [Fact]
    public void Many_touched_tokens_are_listed_once_in_first_touch_order()
    {
        var changes = new ChangeSet();
        var touched = Enumerable.Range(1, 40).Select(i => (i * 7) % 23).ToList();
        foreach (var sequence in touched.Concat(touched).Concat(touched.AsEnumerable().Reverse()))
        {
            changes.Token(sequence);
        }

        Assert.Equal(touched.Distinct().ToArray(), changes.Tokens);
    }

    [Fact]
    public void Repeats_of_the_first_tokens_are_caught_after_the_list_grows_past_scanning()
    {
        var changes = new ChangeSet();
        for (var sequence = 1; sequence <= 12; sequence++)
        {
            changes.Token(sequence);
            changes.Token(1);
            changes.Token(sequence);
        }

        Assert.Equal(Enumerable.Range(1, 12).ToArray(), changes.Tokens);
    }

    [Fact]
    public void A_cleared_change_set_starts_empty_and_still_lists_each_token_once()
    {
        var changes = new ChangeSet();
        for (var sequence = 100; sequence < 120; sequence++)
        {
            changes.Token(sequence);
        }

        changes.Slot(2);
        changes.Record("k");
        changes.HeaderChanged();

        changes.Clear();

        Assert.True(changes.IsEmpty);
        Assert.Empty(changes.Tokens);
        Assert.Empty(changes.Slots);
        Assert.Empty(changes.Records);
        Assert.False(changes.Header);
        for (var sequence = 1; sequence <= 12; sequence++)
        {
            changes.Token(sequence);
        }

        changes.Token(1);
        changes.Token(100);
        changes.Token(12);
        Assert.Equal([.. Enumerable.Range(1, 12), 100], changes.Tokens);
    }

    [Fact]
    public void Slots_and_idempotency_keys_are_listed_once_in_first_touch_order()
    {
        var changes = new ChangeSet();
        changes.Slot(3);
        changes.Slot(1);
        changes.Slot(3);
        changes.Record("b");
        changes.Record("a");
        changes.Record("b");
        changes.Record("B");

        Assert.Equal([3, 1], changes.Slots);
        Assert.Equal(["b", "a", "B"], changes.Records);
    }

    [Fact]
    public void A_change_set_is_empty_until_a_token_a_slot_a_key_or_the_delay_is_touched()
    {
        Assert.True(new ChangeSet().IsEmpty);
        var touches = new Action<ChangeSet>[]
        {
            c => c.Token(1),
            c => c.Slot(1),
            c => c.Record("k"),
            c => c.HeaderChanged(),
        };
        foreach (var touch in touches)
        {
            var changes = new ChangeSet();
            touch(changes);
            Assert.False(changes.IsEmpty);
        }

        var delayOnly = new ChangeSet();
        delayOnly.HeaderChanged();
        Assert.True(delayOnly.Header);
    }

    [Fact]
    public void Adding_another_change_set_merges_without_repeats_and_keeps_any_delay_change()
    {
        var behind = new ChangeSet();
        behind.Token(1);
        behind.Slot(2);
        behind.Record("a");
        behind.HeaderChanged();
        var next = new ChangeSet();
        next.Token(3);
        next.Token(1);
        next.Slot(2);
        next.Slot(4);
        next.Record("b");
        next.Record("a");

        behind.Add(next);

        Assert.Equal([1, 3], behind.Tokens);
        Assert.Equal([2, 4], behind.Slots);
        Assert.Equal(["a", "b"], behind.Records);
        Assert.True(behind.Header);

        var quiet = new ChangeSet();
        quiet.Add(next);
        Assert.False(quiet.Header);
        var delayed = new ChangeSet();
        delayed.HeaderChanged();
        quiet.Add(delayed);
        Assert.True(quiet.Header);
        quiet.Add(delayed);
        Assert.True(quiet.Header);

        var big = new ChangeSet();
        for (var sequence = 1; sequence <= 20; sequence++)
        {
            big.Token(sequence);
        }

        behind.Add(big);
        Assert.Equal([1, 3, 2, .. Enumerable.Range(4, 17)], behind.Tokens);
    }
}
