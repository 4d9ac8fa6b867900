using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using OpdTokens.Allocation;
using OpdTokens.Samples.Api.Json;

namespace OpdTokens.Samples.Api.Problems;

/// <summary>Collects the field errors of one request, so every problem is reported at once.</summary>
/// <remarks>Messages name the rule, never the value, which may be personal data.</remarks>
internal sealed class RequestErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            messages = [];
            _errors[field] = messages;
        }

        messages.Add(message);
    }

    public bool Require<T>([NotNullWhen(true)] T? value, string field)
        where T : struct
    {
        if (value is null)
        {
            Add(field, "The field is required.");
            return false;
        }

        return true;
    }

    public bool Require([NotNullWhen(true)] string? value, string field)
    {
        if (value is null)
        {
            Add(field, "The field is required.");
            return false;
        }

        return true;
    }

    /// <summary>A required doctor id from a body field or query string.</summary>
    public DoctorId RequiredDoctorId(string? text, string field)
    {
        if (!Require(text, field))
        {
            return default;
        }

        if (!DoctorId.TryParse(text, out var id))
        {
            Add(field, "A doctor id is 1 to 32 letters, digits, '_' or '-', starting with a letter or digit.");
        }

        return id;
    }

    /// <summary>A slot id from a body field or query string; <see langword="null"/> when absent.</summary>
    public SlotId? OptionalSlotId(string? text, string field)
    {
        if (text is null)
        {
            return null;
        }

        if (!SlotId.TryParse(text, out var id))
        {
            Add(field, "A slot id looks like S-{doctor}-{yyyyMMdd}-{n}.");
            return null;
        }

        return id;
    }

    /// <summary>A date from a query string or path; <see langword="null"/> when absent.</summary>
    public DateOnly? OptionalDate(string? text, string field)
    {
        if (text is null)
        {
            return null;
        }

        if (!DateJsonConverter.TryParse(text, out var date))
        {
            Add(field, "A date is YYYY-MM-DD.");
            return null;
        }

        return date;
    }

    /// <summary>An enum wire name from a query string; <see langword="null"/> when absent.</summary>
    public TEnum? OptionalEnum<TEnum>(string? text, string field)
        where TEnum : struct, Enum
    {
        if (text is null)
        {
            return null;
        }

        if (!WireNames.TryParse<TEnum>(text, out var value))
        {
            Add(field, $"Expected one of: {WireNames.List<TEnum>()}.");
            return null;
        }

        return value;
    }

    /// <summary>A query-string filter: empty (<c>?doctorId=</c>) means no filter.</summary>
    public static string? Filter(string? value) => string.IsNullOrEmpty(value) ? null : value;

    public IResult ToResult() => ApiProblem.Validation(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
}
