namespace OpdTokens.Allocation.Core;

/// <summary>Checks of the patient details a priority policy may read: the date of birth and the host-defined
/// attributes. Messages name the field and the rule, never the value, which may be personal (health) data.</summary>
internal static class PatientRules
{
    public const int MaxAttributes = 16;
    public const int MaxKeyLength = 32;
    public const int MaxValueLength = 100;

    /// <summary>The oldest age a date of birth may give, in years: older dates are typing errors.</summary>
    public const int MaxAge = 150;

    public const string AttributesField = "patientAttributes";
    public const string DateOfBirthField = "patientDateOfBirth";

    public const string CountRule = "A patient has at most 16 attributes.";
    public const string KeyRule = "An attribute name is 1 to 32 characters: a-z, 0-9, '_', '.' or '-'.";
    public const string ValueRule =
        "An attribute value is at most 100 characters, without control or format characters.";
    public const string DuplicateRule = "An attribute name is given twice.";
    public const string DateOfBirthRule =
        "The date of birth must not be after the day of the request nor more than 150 years before it.";

    /// <summary>1 to 32 characters of <c>[a-z0-9_.-]</c>: names a host's code and configuration spell the same way
    /// everywhere.</summary>
    public static bool IsValidKey(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxKeyLength)
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c is not ('_' or '.' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>0 to 100 characters with no control character (line breaks, tabs), no format character (zero-width
    /// and direction marks, which make two values look alike) and no unpaired surrogate.</summary>
    public static bool IsValidValue(string? value)
    {
        if (value is null || value.Length > MaxValueLength)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return false;
                }

                if (IsControlOrFormat(char.ConvertToUtf32(c, value[i + 1])))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c) || IsControlOrFormat(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Checks a set of attributes: their number, each name and value, and repeated names.</summary>
    /// <returns>Whether every rule holds; each broken rule is added to <paramref name="errors"/> once.</returns>
    public static bool CheckAttributes(IEnumerable<KeyValuePair<string, string>> attributes, List<FieldError> errors)
    {
        var count = 0;
        bool badKey = false,
            badValue = false,
            duplicate = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in attributes)
        {
            count++;
            badKey |= !IsValidKey(key);
            badValue |= !IsValidValue(value);
            duplicate |= key is not null && !seen.Add(key);
        }

        var before = errors.Count;
        if (count > MaxAttributes)
        {
            errors.Add(new FieldError(AttributesField, CountRule));
        }

        if (badKey)
        {
            errors.Add(new FieldError(AttributesField, KeyRule));
        }

        if (badValue)
        {
            errors.Add(new FieldError(AttributesField, ValueRule));
        }

        if (duplicate)
        {
            errors.Add(new FieldError(AttributesField, DuplicateRule));
        }

        return errors.Count == before;
    }

    /// <summary>A date of birth on or before the day the token is for, and at most <see cref="MaxAge"/> years
    /// before it.</summary>
    public static bool IsValidDateOfBirth(DateOnly dateOfBirth, DateOnly day) =>
        dateOfBirth <= day && (day.Year - MaxAge < 1 || dateOfBirth >= day.AddYears(-MaxAge));

    /// <summary>The checks of the patient's details that need the day of the request: call it with the other input
    /// checks of an allocation. The attributes are valid by construction (<see cref="PatientAttributes"/> checks
    /// them when it is made).</summary>
    public static void CheckDetails(Patient patient, DateOnly day, List<FieldError> errors)
    {
        if (patient.DateOfBirth is { } dateOfBirth && !IsValidDateOfBirth(dateOfBirth, day))
        {
            errors.Add(new FieldError(DateOfBirthField, DateOfBirthRule));
        }
    }

    private static bool IsControlOrFormat(int codePoint)
    {
        var category = System.Globalization.CharUnicodeInfo.GetUnicodeCategory(codePoint);
        return category is System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format;
    }
}
