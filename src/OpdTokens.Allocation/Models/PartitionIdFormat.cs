using System.Globalization;

namespace OpdTokens.Allocation;

/// <summary>The shared text form of ids that name their partition: <c>{prefix}-{doctor}-{yyyyMMdd}-{number}</c>, and
/// the formatting helpers every id shares.</summary>
/// <remarks>Parsed from the right, so doctor ids may contain '-'. Every id's text is ASCII, so its UTF-8 form is its
/// characters narrowed to bytes.</remarks>
internal static class PartitionIdFormat
{
    /// <summary>The longest text of a slot or token id: prefix, dash, doctor, dash, date, dash, a 10-digit number.</summary>
    public const int MaxLength = 2 + DoctorId.MaxLength + 1 + 8 + 1 + 10;

    public static string Format(char prefix, string doctor, DateOnly date, int number)
    {
        Span<char> buffer = stackalloc char[MaxLength];
        TryFormat(buffer, out var written, prefix, doctor, date, number);
        return new string(buffer[..written]);
    }

    /// <summary>Writes <c>{prefix}-{doctor}-{yyyyMMdd}-{number}</c>; digits are written by hand, as formatting a date
    /// with a pattern costs several times more than the rest.</summary>
    public static bool TryFormat(
        Span<char> destination,
        out int written,
        char prefix,
        string doctor,
        DateOnly date,
        int number
    )
    {
        var digits = DigitCount(number);
        var length = 2 + doctor.Length + 10 + digits;
        if (destination.Length < length)
        {
            written = 0;
            return false;
        }

        destination[0] = prefix;
        destination[1] = '-';
        doctor.CopyTo(destination[2..]);
        var at = 2 + doctor.Length;
        destination[at] = '-';
        WriteDate(destination.Slice(at + 1, 8), date);
        destination[at + 9] = '-';
        WriteDigits(destination.Slice(at + 10, digits), number);
        written = length;
        return true;
    }

    /// <summary>Writes a date as <c>yyyyMMdd</c> into exactly 8 characters.</summary>
    public static void WriteDate(Span<char> destination, DateOnly date)
    {
        date.Deconstruct(out var year, out var month, out var day);
        WriteDigits(destination, (year * 100 + month) * 100 + day);
    }

    /// <summary>Writes a non-negative number right-aligned into the whole span, zero-padded on the left.</summary>
    public static void WriteDigits(Span<char> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }

    /// <summary>How many digits a non-negative number has.</summary>
    public static int DigitCount(int value)
    {
        var count = 1;
        while (value >= 10)
        {
            value /= 10;
            count++;
        }

        return count;
    }

    /// <summary>Ids have one text form: the only format strings accepted are none and <c>G</c>.</summary>
    /// <exception cref="FormatException">Any other format string.</exception>
    public static void CheckFormat(ReadOnlySpan<char> format)
    {
        if (!format.IsEmpty && !format.SequenceEqual("G") && !format.SequenceEqual("g"))
        {
            throw new FormatException(
                "Ids have one text form: use no format string or \"G\" (was \"" + format.ToString() + "\")."
            );
        }
    }

    /// <summary>Writes an ASCII text as UTF-8 bytes.</summary>
    public static bool TryNarrow(ReadOnlySpan<char> text, Span<byte> utf8Destination, out int bytesWritten)
    {
        if (utf8Destination.Length < text.Length)
        {
            bytesWritten = 0;
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            utf8Destination[i] = (byte)text[i];
        }

        bytesWritten = text.Length;
        return true;
    }

    public static bool TryParse(
        ReadOnlySpan<char> text,
        char prefix,
        out string doctor,
        out DateOnly date,
        out int number
    )
    {
        if (!text.StartsWith([prefix, '-']))
        {
            doctor = string.Empty;
            date = default;
            number = 0;
            return false;
        }

        return TryParseTail(text[2..], out doctor, out date, out number);
    }

    /// <summary>Parses <c>{doctor}-{yyyyMMdd}-{number}</c>.</summary>
    public static bool TryParseTail(ReadOnlySpan<char> text, out PartitionKey partition, out int number)
    {
        if (TryParseTail(text, out string doctor, out var date, out number))
        {
            partition = new PartitionKey(DoctorId.FromValid(doctor), date);
            return true;
        }

        partition = default;
        return false;
    }

    /// <summary>Parses <c>{doctor}-{yyyyMMdd}-{number}</c> into its parts; the doctor text is a valid doctor id.</summary>
    public static bool TryParseTail(ReadOnlySpan<char> text, out string doctor, out DateOnly date, out int number)
    {
        doctor = string.Empty;
        date = default;
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
            number = 0;
            return false;
        }

        var rest = text[..lastDash];
        var dateDash = rest.LastIndexOf('-');
        // Stryker disable once Equality : equivalent; with a dash first, the doctor id is empty and is refused.
        if (dateDash <= 0)
        {
            number = 0;
            return false;
        }

        if (
            !DateOnly.TryParseExact(
                rest[(dateDash + 1)..],
                "yyyyMMdd",
                CultureInfo.InvariantCulture,
                DateTimeStyles.None,
                out date
            )
        )
        {
            number = 0;
            return false;
        }

        var doctorText = rest[..dateDash];
        if (!DoctorId.IsValid(doctorText))
        {
            date = default;
            number = 0;
            return false;
        }

        doctor = doctorText.ToString();
        return true;
    }
}
