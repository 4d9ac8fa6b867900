using OpdTokens.Allocation.Storage;

namespace OpdTokens.Allocation.Testing;

// Checks for stores that commit concurrent changes together (group commit), kept apart from the rest of the suite:
// each is self-contained and uses only the suite's store hooks.
internal sealed partial class StateStoreConformanceTests
{
    /// <summary>Many commits to different doctor-days at once, some of them on a stale version: exactly the stale
    /// ones fail with <see cref="ConcurrencyConflictException"/> and change nothing, and every other one is stored
    /// whole, as a fresh store object reads it. A store that writes concurrent commits in one transaction must fail
    /// a conflicting change alone, not its batch.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [ConformanceCheck]
    public async Task Concurrent_commits_of_which_some_are_stale_fail_exactly_those_and_store_the_others()
    {
        const int Days = 18;
        var engine = CreateEngine(Store);
        var keys = new List<PartitionKey>();
        for (var i = 1; i <= Days; i++)
        {
            keys.Add(await SeedDayAsync(engine, "B" + i, tokens: 1));
        }

        for (var round = 0; round < 3; round++)
        {
            var edits =
                new List<(PartitionKey Key, DoctorDay Before, DoctorDay After, PartitionChange Change, bool Stale)>();
            foreach (var key in keys)
            {
                var before = await LoadAsync(Store, key);
                var stale = (keys.IndexOf(key) + round) % 3 == 0;
                var (change, after) = ConformanceScenario.Edit(
                    before,
                    stale ? before.Version - 1 : before.Version,
                    $"Round {round} of {key.Doctor}"
                );
                edits.Add((key, before, after, change, stale));
            }

            var outcomes = await Task.WhenAll(edits.Select(e => Task.Run(() => CommitOutcomeAsync(Store, e.Change))));

            var reader = await OpenFreshAsync(Store);
            for (var i = 0; i < edits.Count; i++)
            {
                var (key, before, after, _, stale) = edits[i];
                if (stale)
                {
                    Assert.IsType<ConcurrencyConflictException>(outcomes[i]);
                    DoctorDayAssert.Equivalent(before, await LoadAsync(reader, key));
                }
                else
                {
                    Assert.Null(outcomes[i]);
                    DoctorDayAssert.Equivalent(after, await LoadAsync(reader, key));
                }
            }
        }
    }

    /// <summary>A commit acknowledges only what is stored: as soon as a commit returns, a store object opened on the
    /// same data afterwards reads the committed doctor-day, for many commits running at once.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [ConformanceCheck]
    public async Task A_commit_that_returned_is_read_by_a_store_opened_after_it()
    {
        const int Days = 8;
        var engine = CreateEngine(Store);
        var keys = new List<PartitionKey>();
        for (var i = 1; i <= Days; i++)
        {
            keys.Add(await SeedDayAsync(engine, "A" + i, tokens: 1));
        }

        await Task.WhenAll(
            keys.Select(key =>
                Task.Run(async () =>
                {
                    for (var n = 0; n < 3; n++)
                    {
                        var before = await LoadAsync(Store, key);
                        var (change, after) = ConformanceScenario.Edit(before, before.Version, $"Durable {n}");

                        await Store.CommitAsync(change, CancellationToken.None);

                        var fresh = await OpenFreshAsync(Store);
                        DoctorDayAssert.Equivalent(after, await LoadAsync(fresh, key));
                    }
                })
            )
        );
    }

    /// <summary>Opens another store object on the data of <paramref name="store"/>; safe to call from concurrent
    /// tasks.</summary>
    private async Task<IStateStore> OpenFreshAsync(IStateStore store)
    {
        var reopened = await _target.ReopenStoreForCheckAsync(store);
        lock (_stores)
        {
            _stores.Add(reopened);
        }

        return reopened;
    }

    /// <summary>Commits and returns what the commit threw, or <see langword="null"/> when it was stored.</summary>
    private static async Task<Exception?> CommitOutcomeAsync(IStateStore store, PartitionChange change)
    {
        try
        {
            await store.CommitAsync(change, CancellationToken.None);
            return null;
        }
#pragma warning disable CA1031 // the test asserts on whatever the store threw
        catch (Exception e)
#pragma warning restore CA1031
        {
            return e;
        }
    }
}
