using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace OpdTokens.Allocation;

/// <summary>Identifies a time slot; the id names the doctor-day the slot belongs to.</summary>
/// <remarks>
/// <para>The text form is <c>S-{doctor}-{yyyyMMdd}-{number}</c>, where the number counts the slots of that doctor-day
/// in the order they were added, starting at 1.</para>
/// <para>This type is an immutable value and is thread-safe.</para>
/// </remarks>
/// <param name="Partition">The doctor-day the slot belongs to.</param>
/// <param name="Number">The slot's number within its doctor-day, starting at 1.</param>
[DebuggerDisplay("{ToString(),nq}")]
public readonly record struct SlotId(PartitionKey Partition, int Number)
{
    /// <summary>Gets the doctor the slot belongs to.</summary>
    public DoctorId Doctor => Partition.Doctor;

    /// <summary>Gets the day of the slot.</summary>
    public DateOnly Date => Partition.Date;

    /// <summary>Parses the text form of a slot id without throwing.</summary>
    /// <param name="text">The text to parse, such as <c>S-D1-20261121-3</c>.</param>
    /// <param name="id">The parsed id, or the default value.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a slot id.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out SlotId id)
    {
        if (text is not null && PartitionIdFormat.TryParse(text, 'S', out var partition, out var number))
        {
            id = new SlotId(partition, number);
            return true;
        }

        id = default;
        return false;
    }

    /// <summary>Returns the text form, <c>S-{doctor}-{yyyyMMdd}-{number}</c>.</summary>
    /// <returns>The text form of the id.</returns>
    public override string ToString() => PartitionIdFormat.Format('S', Partition.Doctor, Partition.Date, Number);
}
