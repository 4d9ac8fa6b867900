using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace OpdTokens.Allocation;

/// <summary>Identifies a token; the id names the doctor-day and the token's sequence number.</summary>
/// <remarks>
/// <para>The text form is <c>T-{doctor}-{yyyyMMdd}-{sequence}</c>. Because the id carries its partition, a lookup
/// never needs a global index or a global lock.</para>
/// <para>This type is an immutable value and is thread-safe.</para>
/// </remarks>
/// <param name="Partition">The doctor-day the token belongs to.</param>
/// <param name="Sequence">The token's sequence number within its doctor-day, starting at 1, never reused.</param>
[DebuggerDisplay("{ToString(),nq}")]
public readonly record struct TokenId(PartitionKey Partition, int Sequence)
{
    /// <summary>Gets the doctor the token is for.</summary>
    public DoctorId Doctor => Partition.Doctor;

    /// <summary>Gets the day the token is for.</summary>
    public DateOnly Date => Partition.Date;

    /// <summary>Parses the text form of a token id without throwing.</summary>
    /// <param name="text">The text to parse, such as <c>T-D1-20261121-17</c>.</param>
    /// <param name="id">The parsed id, or the default value.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a token id.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out TokenId id)
    {
        if (text is not null && PartitionIdFormat.TryParse(text, 'T', out var partition, out var sequence))
        {
            id = new TokenId(partition, sequence);
            return true;
        }

        id = default;
        return false;
    }

    /// <summary>Returns the text form, <c>T-{doctor}-{yyyyMMdd}-{sequence}</c>.</summary>
    /// <returns>The text form of the id.</returns>
    public override string ToString() => PartitionIdFormat.Format('T', Partition.Doctor, Partition.Date, Sequence);
}
