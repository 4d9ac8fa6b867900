using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpdTokens.Allocation.Serialization;

/// <summary>Reads and writes an <see cref="IdempotencyRecord"/> as
/// <c>{"key":…,"requestFingerprint":…,"tokenId":"T-D1-20261121-1","outcome":"Allocated","bumpedTokenId":null}</c>.</summary>
/// <remarks>It is attached to <see cref="IdempotencyRecord"/>, so System.Text.Json uses it without configuration; it
/// is public for source-generated serializer contexts and for options that list their converters. Property names are
/// as shown whatever the options' naming policy. This type is stateless and thread-safe.</remarks>
public sealed class IdempotencyRecordJsonConverter : JsonConverter<IdempotencyRecord>
{
    private const string What = "idempotency record";

    /// <inheritdoc />
    public override IdempotencyRecord Read(
        ref Utf8JsonReader reader,
        Type typeToConvert,
        JsonSerializerOptions options
    ) => ReadValue(ref reader);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, IdempotencyRecord value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        WriteValue(writer, value);
    }

    internal static IdempotencyRecord ReadValue(ref Utf8JsonReader reader)
    {
        JsonFields.StartObject(ref reader, What);
        string? key = null,
            fingerprint = null;
        TokenId? tokenId = null,
            bumpedTokenId = null;
        AllocationOutcome? outcome = null;
        while (JsonFields.NextProperty(ref reader))
        {
            var property = reader.GetString();
            JsonFields.Next(ref reader);
            switch (property)
            {
                case "key":
                    key = JsonFields.String(ref reader, property);
                    break;
                case "requestFingerprint":
                    fingerprint = JsonFields.String(ref reader, property);
                    break;
                case "tokenId":
                    tokenId = JsonFields.Id<TokenId>(ref reader, "token id");
                    break;
                case "outcome":
                    outcome = JsonFields.Enum<AllocationOutcome>(ref reader, property);
                    break;
                case "bumpedTokenId":
                    bumpedTokenId = JsonFields.NullableId<TokenId>(ref reader, "token id");
                    break;
                default:
                    throw new JsonException($"An {What} has no property '{property}'.");
            }
        }

        return new IdempotencyRecord(
            key ?? throw JsonFields.Missing(What, "key"),
            fingerprint ?? throw JsonFields.Missing(What, "requestFingerprint"),
            tokenId ?? throw JsonFields.Missing(What, "tokenId"),
            outcome ?? throw JsonFields.Missing(What, "outcome"),
            bumpedTokenId
        );
    }

    internal static void WriteValue(Utf8JsonWriter writer, IdempotencyRecord value)
    {
        writer.WriteStartObject();
        writer.WriteString("key", value.Key);
        writer.WriteString("requestFingerprint", value.RequestFingerprint);
        JsonFields.WriteId(writer, "tokenId", value.TokenId);
        JsonFields.WriteEnum(writer, "outcome", value.Outcome);
        JsonFields.WriteId(writer, "bumpedTokenId", value.BumpedTokenId);
        writer.WriteEndObject();
    }
}
