using System.Globalization;

namespace OpdTokens.Allocation;

/// <summary>The shared text form of ids that name their partition: <c>{prefix}-{doctor}-{yyyyMMdd}-{number}</c>.</summary>
/// <remarks>Parsed from the right, so doctor ids may contain '-'.</remarks>
internal static class PartitionIdFormat
{
    public static string Format(char prefix, DoctorId doctor, DateOnly date, int number) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}-{doctor.Value}-{date:yyyyMMdd}-{number}");

    public static bool TryParse(ReadOnlySpan<char> text, char prefix, out PartitionKey partition, out int number)
    {
        partition = default;
        number = 0;
        if (!text.StartsWith([prefix, '-']))
        {
            return false;
        }

        return TryParseTail(text[2..], out partition, out number);
    }

    /// <summary>Parses <c>{doctor}-{yyyyMMdd}-{number}</c>.</summary>
    public static bool TryParseTail(ReadOnlySpan<char> text, out PartitionKey partition, out int number)
    {
        partition = default;
        number = 0;
        var lastDash = text.LastIndexOf('-');
        // Stryker disable once Equality : equivalent; with a dash first, no date precedes it and the date check fails.
        if (lastDash <= 0)
        {
            return false;
        }

        var numberText = text[(lastDash + 1)..];
        if (
            numberText.Length is 0 or > 10
            || !int.TryParse(numberText, NumberStyles.None, CultureInfo.InvariantCulture, out number)
            || number < 1
        )
        {
            return false;
        }

        var rest = text[..lastDash];
        var dateDash = rest.LastIndexOf('-');
        // Stryker disable once Equality : equivalent; with a dash first, the doctor id is empty and is refused.
        if (dateDash <= 0)
        {
            return false;
        }

        if (
            !DateOnly.TryParseExact(
                rest[(dateDash + 1)..],
                "yyyyMMdd",
                CultureInfo.InvariantCulture,
                DateTimeStyles.None,
                out var date
            )
        )
        {
            return false;
        }

        var doctorText = rest[..dateDash].ToString();
        if (!DoctorId.TryParse(doctorText, out var doctor))
        {
            return false;
        }

        partition = new PartitionKey(doctor, date);
        return true;
    }
}
