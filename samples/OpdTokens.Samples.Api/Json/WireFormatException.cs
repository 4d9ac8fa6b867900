using System.Text.Json;

namespace OpdTokens.Samples.Api.Json;

/// <summary>A JSON value of the wrong format (date, time, enum name); its <see cref="Hint"/> is safe to show the
/// client because it describes the format, never the value.</summary>
internal sealed class WireFormatException : JsonException
{
    public WireFormatException(string hint)
        : base(hint)
    {
        Hint = hint;
    }

    public WireFormatException() { }

    public WireFormatException(string message, Exception innerException)
        : base(message, innerException) { }

    public string Hint { get; } = "The value has the wrong format.";
}
