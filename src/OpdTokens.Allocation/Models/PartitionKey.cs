using System.Diagnostics;
using System.Globalization;

namespace OpdTokens.Allocation;

/// <summary>Identifies one doctor's day: the unit of locking, storage commits and sharding.</summary>
/// <remarks>This type is an immutable value and is thread-safe.</remarks>
/// <param name="Doctor">The doctor.</param>
/// <param name="Date">The day, in the hospital's time zone.</param>
[DebuggerDisplay("{ToString(),nq}")]
public readonly record struct PartitionKey(DoctorId Doctor, DateOnly Date) : IComparable<PartitionKey>
{
    /// <inheritdoc />
    public int CompareTo(PartitionKey other)
    {
        var byDate = Date.CompareTo(other.Date);
        return byDate != 0 ? byDate : Doctor.CompareTo(other.Doctor);
    }

    /// <summary>Returns the key as <c>{doctor}/{yyyy-MM-dd}</c>.</summary>
    /// <returns>The key text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Doctor.Value}/{Date:yyyy-MM-dd}");

    /// <summary>Tells whether the left value sorts before the right one.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns>The comparison.</returns>
    public static bool operator <(PartitionKey left, PartitionKey right) => left.CompareTo(right) < 0;

    /// <summary>Tells whether the left value sorts before or with the right one.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns>The comparison.</returns>
    public static bool operator <=(PartitionKey left, PartitionKey right) => left.CompareTo(right) <= 0;

    /// <summary>Tells whether the left value sorts after the right one.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns>The comparison.</returns>
    public static bool operator >(PartitionKey left, PartitionKey right) => left.CompareTo(right) > 0;

    /// <summary>Tells whether the left value sorts after or with the right one.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns>The comparison.</returns>
    public static bool operator >=(PartitionKey left, PartitionKey right) => left.CompareTo(right) >= 0;
}
