using OpdTokens.Allocation.Storage;

namespace OpdTokens.Allocation.Core;

/// <summary>What a rule decided: the change to commit (none for a failure or a no-op) and the command's result.</summary>
internal readonly record struct Decision<T>(PartitionChange? Change, CommandResult<T> Result)
    where T : class
{
    public static Decision<T> Fail(AllocationError error) => new(null, error);

    public static implicit operator Decision<T>(AllocationError error) => Fail(error);
}
