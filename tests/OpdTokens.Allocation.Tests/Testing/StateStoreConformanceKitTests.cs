using System.Collections.Immutable;
using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Testing;

namespace OpdTokens.Allocation.Tests.Testing;

/// <summary>The conformance kit runs its checks by name in any test framework, and fails loudly: a broken store fails
/// with the kit's own assertion exception, and a name that is not a check is refused rather than passed.</summary>
public sealed class StateStoreConformanceKitTests
{
    [Fact]
    public void The_checks_have_unique_names_in_a_stable_order()
    {
        Assert.True(StateStoreConformance.CheckNames.Length >= 14);
        Assert.Equal(StateStoreConformance.CheckNames.Distinct(), StateStoreConformance.CheckNames);
        // By name, whatever file of the kit a check is written in.
        Assert.Equal(StateStoreConformance.CheckNames.Order(StringComparer.Ordinal), StateStoreConformance.CheckNames);
        Assert.Contains(
            "A_doctor_day_never_committed_loads_as_null_and_is_not_listed",
            StateStoreConformance.CheckNames
        );
    }

    [Fact]
    public async Task A_name_that_is_no_check_is_refused_with_the_list_of_checks()
    {
        var kit = new Harness(() => new InMemoryStateStore());

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => kit.RunCheckAsync("Store_is_fine"));

        Assert.Contains(StateStoreConformance.CheckNames[0], refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, kit.Created);
    }

    [Fact]
    public async Task A_store_that_forgets_doctors_fails_the_registry_check_with_the_kits_exception()
    {
        var kit = new Harness(() => new DoctorForgettingStore());

        var failure = await Assert.ThrowsAsync<AssertionFailedException>(() =>
            kit.RunCheckAsync("The_doctor_registry_round_trips_refuses_a_taken_id_and_updates")
        );

        Assert.NotEmpty(failure.Message);
        Assert.Equal(kit.Created, kit.Disposed);
    }

    [Fact]
    public async Task Each_run_gets_a_new_store_and_disposes_every_store_it_made()
    {
        var kit = new Harness(() => new InMemoryStateStore());

        await kit.RunCheckAsync("A_commit_on_a_stale_version_is_refused_and_changes_nothing");
        await kit.RunCheckAsync("Doctor_days_are_listed_by_date_then_doctor");

        Assert.Equal(2, kit.Created);
        Assert.Equal(2, kit.Disposed);
    }

    /// <summary>A store author's subclass, counting the stores the kit asks for and disposes.</summary>
    private sealed class Harness(Func<IStateStore> create) : StateStoreConformance
    {
        public int Created { get; private set; }

        public int Disposed { get; private set; }

        protected override Task<IStateStore> CreateStoreAsync()
        {
            Created++;
            return Task.FromResult(create());
        }

        protected override async Task DisposeStoreAsync(IStateStore store)
        {
            Disposed++;
            await base.DisposeStoreAsync(store);
        }
    }

    /// <summary>Keeps doctor-days like the in-memory store but loses every doctor it is given.</summary>
    private sealed class DoctorForgettingStore : IStateStore
    {
        private readonly InMemoryStateStore _inner = new();

        public ValueTask<DoctorDay?> LoadPartitionAsync(PartitionKey partition, CancellationToken cancellationToken) =>
            _inner.LoadPartitionAsync(partition, cancellationToken);

        public ValueTask CommitAsync(PartitionChange change, CancellationToken cancellationToken) =>
            _inner.CommitAsync(change, cancellationToken);

        public ValueTask<ImmutableArray<PartitionKey>> ListPartitionsAsync(
            DateOnly? onDate,
            CancellationToken cancellationToken
        ) => _inner.ListPartitionsAsync(onDate, cancellationToken);

        public ValueTask<ImmutableArray<Doctor>> LoadDoctorsAsync(CancellationToken cancellationToken) =>
            ValueTask.FromResult(ImmutableArray<Doctor>.Empty);

        public ValueTask SaveDoctorAsync(Doctor doctor, bool isNew, CancellationToken cancellationToken) =>
            ValueTask.CompletedTask;
    }
}
