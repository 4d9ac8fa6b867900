namespace OpdTokens.Samples.Api.Contracts;

/// <summary>The library's input limits as the contract states them, for the OpenAPI document's schemas; the library
/// checks them.</summary>
internal static class ContractLimits
{
    public const int MinCapacity = 1;
    public const int MaxCapacity = 1000;
    public const int MinDelayMinutes = 0;
    public const int MaxDelayMinutes = 720;
    public const int MaxReasonLength = 200;
    public const int MaxIdempotencyKeyLength = 64;

    /// <summary>A doctor id: 1 to 32 letters, digits, <c>_</c> or <c>-</c>, starting with a letter or digit.</summary>
    public const string DoctorIdPattern = "^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$";

    /// <summary>The phone rule of the design; <c>\d</c> is an ASCII digit in ECMAScript patterns, as in the
    /// library.</summary>
    public const string PhonePattern = @"^\+?[\d\s-]{10,15}$";

    /// <summary>An idempotency key: 1 to 64 printable ASCII characters.</summary>
    public const string IdempotencyKeyPattern = "^[\\x20-\\x7E]{1,64}$";

    public const string TextDescription =
        "1 to 100 characters, counted as a reader sees them (text elements), and at most 400 UTF-16 code units; "
        + "invisible format characters (zero-width spaces, direction overrides, byte order marks) are refused, "
        + "joiners inside emoji and Indic or Arabic-script words are kept.";
}
