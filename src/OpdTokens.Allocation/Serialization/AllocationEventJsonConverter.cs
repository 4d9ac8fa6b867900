using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpdTokens.Allocation.Serialization;

/// <summary>Reads and writes any <see cref="AllocationEvent"/> as one flat JSON object with a <c>kind</c>
/// discriminator (see <see cref="EventKinds"/>): the form the outbox stores and webhook payloads carry.</summary>
/// <remarks>
/// <para>The object holds the event's <c>id</c>, <c>kind</c>, <c>doctorId</c>, <c>date</c>, <c>version</c>,
/// <c>sequence</c>, <c>occurredAt</c> (ISO 8601 with its offset, every tick) and <c>actor</c>, then the fields of its
/// kind in camelCase, enums in lower snake_case as in the REST contract (<c>checked_in</c>). Events carry ids, never
/// personal data. An event whose stamp has no sequence yet (one made by hand, not by the engine) is written without
/// <c>id</c>.</para>
/// <para>Use it with <see cref="JsonSerializer"/> through <see cref="Options"/> or by adding it to your options. This
/// type is stateless and thread-safe.</para>
/// </remarks>
public sealed class AllocationEventJsonConverter : JsonConverter<AllocationEvent>
{
    private static readonly FrozenDictionary<string, Func<EventStamp, JsonElement, AllocationEvent>> Readers =
        new Dictionary<string, Func<EventStamp, JsonElement, AllocationEvent>>(StringComparer.Ordinal)
        {
            [EventKinds.TokenAllocated] = (s, j) =>
                new TokenAllocated(
                    s,
                    TokenIdOf(j, "tokenId"),
                    SlotIdOf(j, "slotId"),
                    EnumOf<TokenSource>(j, "source"),
                    EnumOf<AllocationOutcome>(j, "outcome")
                ),
            [EventKinds.TokenWaitlisted] = (s, j) =>
                new TokenWaitlisted(s, TokenIdOf(j, "tokenId"), EnumOf<TokenSource>(j, "source")),
            [EventKinds.TokenBumped] = (s, j) =>
                new TokenBumped(
                    s,
                    TokenIdOf(j, "tokenId"),
                    SlotIdOf(j, "fromSlotId"),
                    OptionalSlotIdOf(j, "toSlotId"),
                    TokenIdOf(j, "byTokenId")
                ),
            [EventKinds.TokenPromoted] = (s, j) => new TokenPromoted(s, TokenIdOf(j, "tokenId"), SlotIdOf(j, "slotId")),
            [EventKinds.TokenReallocated] = (s, j) =>
                new TokenReallocated(
                    s,
                    TokenIdOf(j, "tokenId"),
                    SlotIdOf(j, "fromSlotId"),
                    OptionalSlotIdOf(j, "toSlotId"),
                    EnumOf<MoveReason>(j, "reason")
                ),
            [EventKinds.TokenStatusChanged] = (s, j) =>
                new TokenStatusChanged(
                    s,
                    TokenIdOf(j, "tokenId"),
                    EnumOf<TokenStatus>(j, "from"),
                    EnumOf<TokenStatus>(j, "to")
                ),
            [EventKinds.TokenCancelled] = (s, j) =>
                new TokenCancelled(
                    s,
                    TokenIdOf(j, "tokenId"),
                    EnumOf<TokenStatus>(j, "from"),
                    OptionalSlotIdOf(j, "slotId")
                ),
            [EventKinds.TokenMarkedNoShow] = (s, j) =>
                new TokenMarkedNoShow(s, TokenIdOf(j, "tokenId"), SlotIdOf(j, "slotId")),
            [EventKinds.EmergencyOverflowed] = (s, j) =>
                new EmergencyOverflowed(
                    s,
                    TokenIdOf(j, "tokenId"),
                    SlotIdOf(j, "slotId"),
                    Required(j, "occupancy").GetInt32(),
                    Required(j, "maxCapacity").GetInt32()
                ),
            [EventKinds.SlotAdded] = (s, j) =>
                new SlotAdded(s, SlotIdOf(j, "slotId"), Required(j, "maxCapacity").GetInt32()),
            [EventKinds.SlotClosed] = (s, j) =>
                new SlotClosed(s, SlotIdOf(j, "slotId"), Required(j, "movedTokens").GetInt32()),
            [EventKinds.SlotResized] = (s, j) =>
                new SlotResized(
                    s,
                    SlotIdOf(j, "slotId"),
                    Required(j, "oldCapacity").GetInt32(),
                    Required(j, "newCapacity").GetInt32()
                ),
            [EventKinds.DelayReported] = (s, j) =>
                new DelayReported(
                    s,
                    TimeSpan.FromTicks(Required(j, "delayTicks").GetInt64()),
                    Required(j, "movedTokens").GetInt32()
                ),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Gets options with this converter, for <see cref="JsonSerializer"/> calls that read or write
    /// events.</summary>
    public static JsonSerializerOptions Options { get; } =
        new() { Converters = { new AllocationEventJsonConverter() } };

    /// <inheritdoc />
    public override bool CanConvert(Type typeToConvert) => typeof(AllocationEvent).IsAssignableFrom(typeToConvert);

    /// <inheritdoc />
    public override AllocationEvent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var json = document.RootElement;
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("An event must be a JSON object.");
        }

        var kind = Required(json, "kind").GetString() ?? string.Empty;
        if (!Readers.TryGetValue(kind, out var read))
        {
            throw new JsonException($"'{kind}' is not an event kind.");
        }

        try
        {
            var partition = new PartitionKey(
                new DoctorId(Required(json, "doctorId").GetString() ?? string.Empty),
                DateOnly.ParseExact(
                    Required(json, "date").GetString() ?? string.Empty,
                    "yyyy-MM-dd",
                    System.Globalization.CultureInfo.InvariantCulture
                )
            );
            var stamp = new EventStamp(
                partition,
                Required(json, "version").GetInt64(),
                Required(json, "occurredAt").GetDateTimeOffset(),
                json.TryGetProperty("actor", out var actor) && actor.ValueKind == JsonValueKind.String
                    ? actor.GetString()
                    : null
            )
            {
                Sequence = json.TryGetProperty("sequence", out var sequence) ? sequence.GetInt32() : 0,
            };
            var result = read(stamp, json);
            return typeToConvert.IsInstanceOfType(result)
                ? result
                : throw new JsonException($"A '{kind}' event is not a {typeToConvert.Name}.");
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            throw new JsonException($"The '{kind}' event is not valid: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, AllocationEvent value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var stamp = value.Stamp;
        writer.WriteStartObject();
        if (stamp.Version >= 1 && stamp.Sequence >= 1 && !stamp.Partition.IsDefault)
        {
            writer.WriteString("id", AllocationEventId.Of(value).ToString());
        }

        writer.WriteString("kind", EventKinds.Of(value));
        writer.WriteString("doctorId", stamp.Partition.Doctor.Value);
        writer.WriteString(
            "date",
            stamp.Partition.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
        );
        writer.WriteNumber("version", stamp.Version);
        writer.WriteNumber("sequence", stamp.Sequence);
        writer.WriteString("occurredAt", stamp.OccurredAt);
        if (stamp.Actor is { } actor)
        {
            writer.WriteString("actor", actor);
        }

        switch (value)
        {
            case TokenAllocated e:
                Token(writer, "tokenId", e.TokenId);
                Slot(writer, "slotId", e.SlotId);
                writer.WriteString("source", WireEnum<TokenSource>.Name(e.Source));
                writer.WriteString("outcome", WireEnum<AllocationOutcome>.Name(e.Outcome));
                break;
            case TokenWaitlisted e:
                Token(writer, "tokenId", e.TokenId);
                writer.WriteString("source", WireEnum<TokenSource>.Name(e.Source));
                break;
            case TokenBumped e:
                Token(writer, "tokenId", e.TokenId);
                Slot(writer, "fromSlotId", e.FromSlotId);
                Slot(writer, "toSlotId", e.ToSlotId);
                Token(writer, "byTokenId", e.ByTokenId);
                break;
            case TokenPromoted e:
                Token(writer, "tokenId", e.TokenId);
                Slot(writer, "slotId", e.SlotId);
                break;
            case TokenReallocated e:
                Token(writer, "tokenId", e.TokenId);
                Slot(writer, "fromSlotId", e.FromSlotId);
                Slot(writer, "toSlotId", e.ToSlotId);
                writer.WriteString("reason", WireEnum<MoveReason>.Name(e.Reason));
                break;
            case TokenStatusChanged e:
                Token(writer, "tokenId", e.TokenId);
                writer.WriteString("from", WireEnum<TokenStatus>.Name(e.From));
                writer.WriteString("to", WireEnum<TokenStatus>.Name(e.To));
                break;
            case TokenCancelled e:
                Token(writer, "tokenId", e.TokenId);
                writer.WriteString("from", WireEnum<TokenStatus>.Name(e.From));
                Slot(writer, "slotId", e.SlotId);
                break;
            case TokenMarkedNoShow e:
                Token(writer, "tokenId", e.TokenId);
                Slot(writer, "slotId", e.SlotId);
                break;
            case EmergencyOverflowed e:
                Token(writer, "tokenId", e.TokenId);
                Slot(writer, "slotId", e.SlotId);
                writer.WriteNumber("occupancy", e.Occupancy);
                writer.WriteNumber("maxCapacity", e.MaxCapacity);
                break;
            case SlotAdded e:
                Slot(writer, "slotId", e.SlotId);
                writer.WriteNumber("maxCapacity", e.MaxCapacity);
                break;
            case SlotClosed e:
                Slot(writer, "slotId", e.SlotId);
                writer.WriteNumber("movedTokens", e.MovedTokens);
                break;
            case SlotResized e:
                Slot(writer, "slotId", e.SlotId);
                writer.WriteNumber("oldCapacity", e.OldCapacity);
                writer.WriteNumber("newCapacity", e.NewCapacity);
                break;
            case DelayReported e:
                writer.WriteNumber("delayTicks", e.Delay.Ticks);
                writer.WriteNumber("movedTokens", e.MovedTokens);
                break;
        }

        writer.WriteEndObject();
    }

    private static void Token(Utf8JsonWriter writer, string name, TokenId id) =>
        writer.WriteString(name, id.ToString());

    private static void Slot(Utf8JsonWriter writer, string name, SlotId? id)
    {
        if (id is { } slot)
        {
            writer.WriteString(name, slot.ToString());
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static JsonElement Required(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new JsonException($"The event has no '{name}'.");

    private static TokenId TokenIdOf(JsonElement json, string name) => TokenId.Parse(Required(json, name).GetString()!);

    private static SlotId SlotIdOf(JsonElement json, string name) => SlotId.Parse(Required(json, name).GetString()!);

    private static SlotId? OptionalSlotIdOf(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? SlotId.Parse(value.GetString()!)
            : null;

    private static T EnumOf<T>(JsonElement json, string name)
        where T : struct, Enum =>
        WireEnum<T>.TryParse(Required(json, name).GetString(), out var value)
            ? value
            : throw new JsonException($"The event's '{name}' is not a known value.");

    /// <summary>An enum's lower snake_case wire names, computed once per type.</summary>
    private static class WireEnum<T>
        where T : struct, Enum
    {
        private static readonly FrozenDictionary<T, string> Names = Enum.GetValues<T>()
            .ToFrozenDictionary(v => v, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));

        private static readonly FrozenDictionary<string, T> Values = Names.ToFrozenDictionary(
            p => p.Value,
            p => p.Key,
            StringComparer.Ordinal
        );

        public static string Name(T value) =>
            Names.TryGetValue(value, out var name) ? name : throw new ArgumentOutOfRangeException(nameof(value));

        public static bool TryParse(string? text, out T value) => Values.TryGetValue(text ?? string.Empty, out value);
    }
}
