namespace OpdTokens.Allocation;

/// <summary>The patient a token is for.</summary>
/// <remarks>
/// <para>This is personal data: <see cref="ToString"/> never prints it, so a token that reaches a log does not leak
/// a name, a phone number or a record number.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
/// <param name="Name">The patient's name, 1 to 100 printable characters.</param>
/// <param name="Phone">The phone number, matching <c>^\+?[\d\s-]{10,15}$</c>, or <see langword="null"/>.</param>
/// <param name="PatientId">The host's id of the patient (a medical record number, 1 to 64 printable characters), or
/// <see langword="null"/>; at most one active token per patient id and doctor-day.</param>
public sealed record Patient(string Name, string? Phone = null, string? PatientId = null)
{
    /// <summary>Returns a text without any personal data.</summary>
    /// <returns>A placeholder text.</returns>
    public override string ToString() => "Patient { (personal data redacted) }";
}
