using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OpdTokens.Allocation.Storage.Relational;

/// <summary>How model values are written to columns by the SQL stores: instants as ISO 8601 text with their offset and
/// every tick (PostgreSQL's <c>timestamptz</c> would keep neither the offset nor the last decimal), dates as
/// <c>yyyy-MM-dd</c>, enums by name, a token's move history as a JSON array.</summary>
/// <remarks>One source file compiled into both store packages (linked from <c>src/Shared</c>), so both stores write
/// the same text for the same value.</remarks>
internal static class StoredValues
{
    private const string DateFormat = "yyyy-MM-dd";

    public static string Instant(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);

    public static object Instant(DateTimeOffset? value) => value is { } v ? Instant(v) : DBNull.Value;

    public static DateTimeOffset ParseInstant(string text) =>
        DateTimeOffset.ParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    public static string Date(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static DateOnly ParseDate(string text) =>
        DateOnly.ParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None);

    public static TEnum ParseEnum<TEnum>(string text)
        where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(text, ignoreCase: false, out var value) && Enum.IsDefined(value)
            ? value
            : throw new FormatException($"'{text}' is not a {typeof(TEnum).Name}.");

    /// <summary>Writes moves as <c>[{"at":"…","from":1,"to":2,"reason":"Bumped","note":null}]</c>; slots by number,
    /// since a move never leaves its doctor-day.</summary>
    public static string History(PartitionKey partition, ImmutableArray<TokenMove> history)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var move in history)
            {
                json.WriteStartObject();
                json.WriteString("at", Instant(move.At));
                WriteSlot(json, "from", partition, move.From);
                WriteSlot(json, "to", partition, move.To);
                json.WriteString("reason", move.Reason.ToString());
                json.WriteString("note", move.Note);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static ImmutableArray<TokenMove> ParseHistory(PartitionKey partition, string text)
    {
        using var document = JsonDocument.Parse(text);
        var moves = ImmutableArray.CreateBuilder<TokenMove>(document.RootElement.GetArrayLength());
        foreach (var move in document.RootElement.EnumerateArray())
        {
            moves.Add(
                new TokenMove(
                    ParseInstant(move.GetProperty("at").GetString()!),
                    ReadSlot(move.GetProperty("from"), partition),
                    ReadSlot(move.GetProperty("to"), partition),
                    ParseEnum<MoveReason>(move.GetProperty("reason").GetString()!),
                    move.GetProperty("note").GetString()
                )
            );
        }

        return moves.MoveToImmutable();
    }

    /// <summary>Writes a patient's attributes as a JSON object of strings, such as <c>{"mobility":"wheelchair"}</c>;
    /// <see langword="null"/> (a SQL NULL) when there are none, as in rows written before attributes existed.</summary>
    public static object Attributes(PatientAttributes attributes)
    {
        if (attributes.Count == 0)
        {
            return DBNull.Value;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (key, value) in attributes)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <exception cref="FormatException">The text is not an object of strings within the attributes' limits.</exception>
    public static PatientAttributes ParseAttributes(string? text)
    {
        if (text is null)
        {
            return PatientAttributes.Empty;
        }

        using var document = JsonDocument.Parse(text);
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            pairs.Add(new(property.Name, property.Value.GetString()!));
        }

        return PatientAttributes.TryCreate(pairs, out var attributes, out _)
            ? attributes
            : throw new FormatException("Stored patient attributes break the attributes' limits.");
    }

    /// <summary>The number of a slot of the doctor-day, for a column that names the doctor-day elsewhere.</summary>
    public static int SlotNumber(PartitionKey partition, SlotId slot) =>
        slot.Partition == partition
            ? slot.Number
            : throw new ArgumentException($"Slot {slot} is not a slot of doctor-day {partition}.", nameof(slot));

    public static object SlotNumber(PartitionKey partition, SlotId? slot) =>
        slot is { } s ? SlotNumber(partition, s) : DBNull.Value;

    public static object TokenSequence(PartitionKey partition, TokenId? token) =>
        token is not { } t ? DBNull.Value
        : t.Partition == partition ? t.Sequence
        : throw new ArgumentException($"Token {t} is not a token of doctor-day {partition}.", nameof(token));

    private static void WriteSlot(Utf8JsonWriter json, string name, PartitionKey partition, SlotId? slot)
    {
        if (slot is { } s)
        {
            json.WriteNumber(name, SlotNumber(partition, s));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static SlotId? ReadSlot(JsonElement element, PartitionKey partition) =>
        element.ValueKind == JsonValueKind.Null ? null : new SlotId(partition, element.GetInt32());
}
