using System.Collections.Immutable;
using OpdTokens.Allocation.Models;
using OpdTokens.Allocation.Storage;

namespace OpdTokens.Allocation.Tests.Support;

/// <summary>A store whose commits wait, while it is closed, until it is opened again: a database commit that takes
/// as long as a test needs.</summary>
internal sealed class GatedCommitStore(IStateStore inner) : IStateStore
{
    private TaskCompletionSource _gate = Opened();

    /// <summary>Completes when a commit arrives while the store is closed.</summary>
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Close() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => _gate.TrySetResult();

    public async ValueTask CommitAsync(PartitionChange change, CancellationToken cancellationToken)
    {
        var gate = _gate.Task;
        if (!gate.IsCompleted)
        {
            Entered.TrySetResult();
            await gate.ConfigureAwait(false);
        }

        await inner.CommitAsync(change, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<DoctorDay?> LoadPartitionAsync(PartitionKey partition, CancellationToken cancellationToken) =>
        inner.LoadPartitionAsync(partition, cancellationToken);

    public ValueTask<ImmutableArray<PartitionKey>> ListPartitionsAsync(
        DateOnly? onDate,
        CancellationToken cancellationToken
    ) => inner.ListPartitionsAsync(onDate, cancellationToken);

    public ValueTask<ImmutableArray<Doctor>> LoadDoctorsAsync(CancellationToken cancellationToken) =>
        inner.LoadDoctorsAsync(cancellationToken);

    public ValueTask SaveDoctorAsync(Doctor doctor, bool isNew, CancellationToken cancellationToken) =>
        inner.SaveDoctorAsync(doctor, isNew, cancellationToken);

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource();
        open.SetResult();
        return open;
    }
}
