namespace OpdTokens.Allocation;

/// <summary>One field of a command that breaks a validation rule.</summary>
/// <remarks>The message never repeats the field's value, which may be personal data. This type is immutable and
/// thread-safe.</remarks>
/// <param name="Field">The field's name in camelCase, as in the HTTP contract (such as <c>patientName</c>).</param>
/// <param name="Message">What is wrong, in plain English.</param>
public sealed record FieldError(string Field, string Message);
