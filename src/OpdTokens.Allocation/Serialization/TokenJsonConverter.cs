using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpdTokens.Allocation.Serialization;

/// <summary>Reads and writes a <see cref="Token"/> as a JSON object of every field it keeps.</summary>
/// <remarks>
/// <para>The object is <c>{"id","number","slotId","patient","source","status","priorityScore","isOverflow",
/// "bumpCount","createdAt","allocatedAt","checkedInAt","consultationStartedAt","completedAt","cancelledAt",
/// "noShowAt","cancellationReason","history"}</c>: ids as their text, the patient as
/// <see cref="PatientJsonConverter"/> writes it, enums by name, instants in the round-trip format with their offset and
/// every tick, absent values as <see langword="null"/>, and the move history as an array of
/// <see cref="TokenMoveJsonConverter"/> objects. When reading, <c>id</c>, <c>number</c>, <c>patient</c>,
/// <c>source</c>, <c>status</c>, <c>priorityScore</c> and <c>createdAt</c> are required; property names are as shown
/// whatever the options' naming policy, and an unknown property is refused.</para>
/// <para><see cref="DoctorDayJsonConverter"/> writes a doctor-day's tokens with it; pass it in
/// <see cref="JsonSerializerOptions.Converters"/> to serialise tokens on their own. The JSON holds personal data.
/// This type is stateless and thread-safe.</para>
/// </remarks>
public sealed class TokenJsonConverter : JsonConverter<Token>
{
    private const string What = "token";

    /// <inheritdoc />
    public override Token Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ReadValue(ref reader);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Token value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        WriteValue(writer, value);
    }

    internal static Token ReadValue(ref Utf8JsonReader reader)
    {
        JsonFields.StartObject(ref reader, What);
        TokenId? id = null;
        string? number = null,
            cancellationReason = null;
        SlotId? slotId = null;
        Patient? patient = null;
        TokenSource? source = null;
        TokenStatus? status = null;
        int? priorityScore = null;
        var isOverflow = false;
        var bumpCount = 0;
        DateTimeOffset? createdAt = null,
            allocatedAt = null,
            checkedInAt = null,
            consultationStartedAt = null,
            completedAt = null,
            cancelledAt = null,
            noShowAt = null;
        var history = ImmutableArray<TokenMove>.Empty;
        while (JsonFields.NextProperty(ref reader))
        {
            var property = reader.GetString()!;
            JsonFields.Next(ref reader);
            switch (property)
            {
                case "id":
                    id = JsonFields.Id<TokenId>(ref reader, "token id");
                    break;
                case "number":
                    number = JsonFields.String(ref reader, property);
                    break;
                case "slotId":
                    slotId = JsonFields.NullableId<SlotId>(ref reader, "slot id");
                    break;
                case "patient":
                    patient = PatientJsonConverter.ReadValue(ref reader);
                    break;
                case "source":
                    source = JsonFields.Enum<TokenSource>(ref reader, property);
                    break;
                case "status":
                    status = JsonFields.Enum<TokenStatus>(ref reader, property);
                    break;
                case "priorityScore":
                    priorityScore = JsonFields.Int32(ref reader, property);
                    break;
                case "isOverflow":
                    isOverflow = JsonFields.Boolean(ref reader, property);
                    break;
                case "bumpCount":
                    bumpCount = JsonFields.Int32(ref reader, property);
                    break;
                case "createdAt":
                    createdAt = JsonFields.Instant(ref reader, property);
                    break;
                case "allocatedAt":
                    allocatedAt = JsonFields.NullableInstant(ref reader, property);
                    break;
                case "checkedInAt":
                    checkedInAt = JsonFields.NullableInstant(ref reader, property);
                    break;
                case "consultationStartedAt":
                    consultationStartedAt = JsonFields.NullableInstant(ref reader, property);
                    break;
                case "completedAt":
                    completedAt = JsonFields.NullableInstant(ref reader, property);
                    break;
                case "cancelledAt":
                    cancelledAt = JsonFields.NullableInstant(ref reader, property);
                    break;
                case "noShowAt":
                    noShowAt = JsonFields.NullableInstant(ref reader, property);
                    break;
                case "cancellationReason":
                    cancellationReason = JsonFields.NullableString(ref reader, property);
                    break;
                case "history":
                    history = ReadHistory(ref reader);
                    break;
                default:
                    throw new JsonException($"A {What} has no property '{property}'.");
            }
        }

        return new Token
        {
            Id = id ?? throw JsonFields.Missing(What, "id"),
            Number = number ?? throw JsonFields.Missing(What, "number"),
            SlotId = slotId,
            Patient = patient ?? throw JsonFields.Missing(What, "patient"),
            Source = source ?? throw JsonFields.Missing(What, "source"),
            Status = status ?? throw JsonFields.Missing(What, "status"),
            PriorityScore = priorityScore ?? throw JsonFields.Missing(What, "priorityScore"),
            IsOverflow = isOverflow,
            BumpCount = bumpCount,
            CreatedAt = createdAt ?? throw JsonFields.Missing(What, "createdAt"),
            AllocatedAt = allocatedAt,
            CheckedInAt = checkedInAt,
            ConsultationStartedAt = consultationStartedAt,
            CompletedAt = completedAt,
            CancelledAt = cancelledAt,
            NoShowAt = noShowAt,
            CancellationReason = cancellationReason,
            History = history,
        };
    }

    internal static void WriteValue(Utf8JsonWriter writer, Token value)
    {
        writer.WriteStartObject();
        JsonFields.WriteId(writer, "id", value.Id);
        writer.WriteString("number", value.Number);
        JsonFields.WriteId(writer, "slotId", value.SlotId);
        writer.WritePropertyName("patient");
        PatientJsonConverter.WriteValue(writer, value.Patient);
        JsonFields.WriteEnum(writer, "source", value.Source);
        JsonFields.WriteEnum(writer, "status", value.Status);
        writer.WriteNumber("priorityScore", value.PriorityScore);
        writer.WriteBoolean("isOverflow", value.IsOverflow);
        writer.WriteNumber("bumpCount", value.BumpCount);
        JsonFields.WriteInstant(writer, "createdAt", value.CreatedAt);
        JsonFields.WriteInstant(writer, "allocatedAt", value.AllocatedAt);
        JsonFields.WriteInstant(writer, "checkedInAt", value.CheckedInAt);
        JsonFields.WriteInstant(writer, "consultationStartedAt", value.ConsultationStartedAt);
        JsonFields.WriteInstant(writer, "completedAt", value.CompletedAt);
        JsonFields.WriteInstant(writer, "cancelledAt", value.CancelledAt);
        JsonFields.WriteInstant(writer, "noShowAt", value.NoShowAt);
        writer.WriteString("cancellationReason", value.CancellationReason);
        writer.WriteStartArray("history");
        foreach (var move in value.History)
        {
            TokenMoveJsonConverter.WriteValue(writer, move);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static ImmutableArray<TokenMove> ReadHistory(ref Utf8JsonReader reader)
    {
        JsonFields.StartArray(ref reader, "history");
        var moves = ImmutableArray.CreateBuilder<TokenMove>();
        while (JsonFields.NextItem(ref reader))
        {
            moves.Add(TokenMoveJsonConverter.ReadValue(ref reader));
        }

        return moves.ToImmutable();
    }
}
