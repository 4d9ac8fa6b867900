using System.Text.Json.Serialization;
using OpdTokens.Allocation.Serialization;

namespace OpdTokens.Allocation;

/// <summary>The patient a token is for.</summary>
/// <remarks>
/// <para>Besides who the patient is, a patient may carry what a priority policy needs to know: the
/// <see cref="DateOfBirth"/> (so a policy can serve older patients first) and host-defined
/// <see cref="Attributes"/> (such as <c>mobility = wheelchair</c>). Both are stored with the token.</para>
/// <para>This is personal data: <see cref="ToString"/> never prints it, so a token that reaches a log does not leak
/// a name, a phone number, a record number, a date of birth or an attribute.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
/// <param name="Name">The patient's name, 1 to 100 printable characters.</param>
/// <param name="Phone">The phone number, matching <c>^\+?[\d\s-]{10,15}$</c>, or <see langword="null"/>.</param>
/// <param name="PatientId">The host's id of the patient (a medical record number, 1 to 64 printable characters), or
/// <see langword="null"/>; at most one active token per patient id and doctor-day.</param>
[JsonConverter(typeof(PatientJsonConverter))]
public sealed record Patient(string Name, string? Phone = null, string? PatientId = null)
{
    private readonly PatientAttributes _attributes = PatientAttributes.Empty;

    /// <summary>Gets the date of birth, or <see langword="null"/> when the host does not give it.</summary>
    /// <remarks>An allocation refuses a date of birth after the day of the token or more than 150 years before
    /// it.</remarks>
    public DateOnly? DateOfBirth { get; init; }

    /// <summary>Gets the host-defined attributes; <see cref="PatientAttributes.Empty"/> unless set.</summary>
    /// <exception cref="ArgumentNullException">The value set is <see langword="null"/>.</exception>
    public PatientAttributes Attributes
    {
        get => _attributes;
        init => _attributes = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Gets the patient's age in whole years on a day.</summary>
    /// <param name="date">The day, such as the day of the token.</param>
    /// <returns>The completed years since <see cref="DateOfBirth"/>, or <see langword="null"/> when the date of birth
    /// is not known or is after <paramref name="date"/>.</returns>
    /// <remarks>Someone born on 29 February has their birthday on 1 March in years without one.</remarks>
    public int? AgeOn(DateOnly date)
    {
        if (DateOfBirth is not { } born || born > date)
        {
            return null;
        }

        var age = date.Year - born.Year;
        var birthday = (born.Month, born.Day);
        return (date.Month, date.Day).CompareTo(birthday) < 0 ? age - 1 : age;
    }

    /// <summary>Returns a text without any personal data.</summary>
    /// <returns>A placeholder text.</returns>
    public override string ToString() => "Patient { (personal data redacted) }";
}
