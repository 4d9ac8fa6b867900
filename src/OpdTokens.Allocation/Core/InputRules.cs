using System.Text.RegularExpressions;

namespace OpdTokens.Allocation.Core;

/// <summary>Checks of free-text input. Messages name the field and the rule, never the value, which may be personal
/// data.</summary>
internal static partial class InputRules
{
    public const int MaxNameLength = 100;
    public const int MaxKeyLength = 64;
    public const int MaxReasonLength = 200;

    /// <summary>How many UTF-16 code units one character (text element) may take on average: a bound on the stored
    /// size once lengths are counted in text elements, roomy enough for emoji sequences and Indic conjuncts.</summary>
    public const int MaxUnitsPerCharacter = 4;

    /// <summary>1 to <paramref name="maxLength"/> characters counted as text elements (what a reader sees as one
    /// character, <see cref="System.Globalization.StringInfo"/>), at most <see cref="MaxUnitsPerCharacter"/> times as
    /// many UTF-16 code units, not only white space, and nothing invisible or line-breaking: no control characters,
    /// line or paragraph separators, unpaired surrogates or format characters (<see cref="VisibleText"/> keeps the
    /// joiners that scripts and emoji need).</summary>
    public static bool IsPrintableText(string? text, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > maxLength * MaxUnitsPerCharacter)
        {
            return false;
        }

        // Most names are plain ASCII: one code unit is one character, and no scan for joiners is needed.
        if (IsPrintableAscii(text))
        {
            return text.Length <= maxLength;
        }

        return VisibleText.IsVisible(text) && VisibleText.CountTextElements(text, maxLength + 1) <= maxLength;
    }

    private static bool IsPrintableAscii(string text)
    {
        foreach (var c in text)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The phone rule of the design, <c>^\+?[\d\s-]{10,15}$</c>, with ASCII digits only and anchored at the
    /// very end.</summary>
    [GeneratedRegex(@"^\+?[0-9\s-]{10,15}\z", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();

    /// <summary>The phone rule; <c>\s</c> also matches tabs and line breaks, which are never part of a printable phone
    /// number, so control characters are refused on top of the pattern.</summary>
    public static bool IsValidPhone(string? phone) =>
        phone is not null && PhonePattern().IsMatch(phone) && !HasControl(phone);

    /// <summary>Whether a text has a control character; a loop rather than LINQ, which would allocate an enumerator on
    /// every request.</summary>
    private static bool HasControl(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>1 to 64 printable ASCII characters, not only spaces.</summary>
    public static bool IsValidKey(string? key)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > MaxKeyLength)
        {
            return false;
        }

        foreach (var c in key)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    public static void CheckPatient(Patient patient, List<FieldError> errors)
    {
        if (!IsPrintableText(patient.Name, MaxNameLength))
        {
            errors.Add(new FieldError("patientName", "The patient name must be 1 to 100 visible characters."));
        }

        if (patient.Phone is not null && !IsValidPhone(patient.Phone))
        {
            errors.Add(new FieldError("patientPhone", "The phone number must match ^\\+?[\\d\\s-]{10,15}$."));
        }

        if (patient.PatientId is not null && !IsPrintableText(patient.PatientId, MaxKeyLength))
        {
            errors.Add(new FieldError("patientId", "The patient id must be 1 to 64 visible characters."));
        }
    }

    public static void CheckReason(string? reason, List<FieldError> errors)
    {
        if (reason is not null && (reason.Length > MaxReasonLength || HasControl(reason)))
        {
            errors.Add(
                new FieldError("reason", "The reason must be at most 200 characters without control characters.")
            );
        }
    }

    public static void CheckDoctorText(string? name, string? specialty, List<FieldError> errors)
    {
        if (!IsPrintableText(name, MaxNameLength))
        {
            errors.Add(new FieldError("name", "The doctor's name must be 1 to 100 visible characters."));
        }

        if (!IsPrintableText(specialty, MaxNameLength))
        {
            errors.Add(new FieldError("specialty", "The specialty must be 1 to 100 visible characters."));
        }
    }

    public static void CheckCapacity(int capacity, List<FieldError> errors)
    {
        if (capacity is < 1 or > Slot.CapacityLimit)
        {
            errors.Add(new FieldError("maxCapacity", "The capacity must be 1 to 1000."));
        }
    }
}
