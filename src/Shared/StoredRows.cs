using System.Data.Common;

namespace OpdTokens.Allocation.Storage.Relational;

/// <summary>How the SQL stores read their rows back: the column lists both stores select and the readers
/// that turn a row into a model value.</summary>
/// <remarks>One source file compiled into both store packages (linked from <c>src/Shared</c>), beside
/// <see cref="StoredValues"/>, so both stores read the same columns in the same order.</remarks>
internal static class StoredRows
{
    /// <summary>The token columns, in the order <see cref="ReadToken"/> reads them and the stores write them.</summary>
    public const string TokenColumns = """
        sequence, number, slot_number, patient_name, patient_phone, patient_id, source, status, priority_score,
        is_overflow, bump_count, created_at, allocated_at, checked_in_at, consultation_started_at, completed_at,
        cancelled_at, no_show_at, cancellation_reason, history, patient_date_of_birth, patient_attributes
        """;

    /// <summary>The slot columns, in the order <see cref="ReadSlot"/> reads them.</summary>
    public const string SlotColumns = "number, starts_at, ends_at, max_capacity, is_active";

    /// <summary>The idempotency record columns, in the order <see cref="ReadRecord"/> reads them.</summary>
    public const string RecordColumns = "key, request_fingerprint, token_sequence, outcome, bumped_token_sequence";

    /// <summary>The doctor columns, in the order <see cref="ReadDoctor"/> reads them.</summary>
    public const string DoctorColumns = "id, name, specialty, is_active";

    public static Doctor ReadDoctor(DbDataReader reader) =>
        new(new DoctorId(reader.GetString(0)), reader.GetString(1), reader.GetString(2), reader.GetBoolean(3));

    public static Slot ReadSlot(DbDataReader reader, PartitionKey key) =>
        new(
            new SlotId(key, reader.GetInt32(0)),
            StoredValues.ParseInstant(reader.GetString(1)),
            StoredValues.ParseInstant(reader.GetString(2)),
            reader.GetInt32(3),
            reader.GetBoolean(4)
        );

    public static Token ReadToken(DbDataReader reader, PartitionKey key)
    {
        DateTimeOffset? Instant(int column) =>
            reader.IsDBNull(column) ? null : StoredValues.ParseInstant(reader.GetString(column));
        string? Text(int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

        return new Token
        {
            Id = new TokenId(key, reader.GetInt32(0)),
            Number = reader.GetString(1),
            SlotId = reader.IsDBNull(2) ? null : new SlotId(key, reader.GetInt32(2)),
            Patient = new Patient(reader.GetString(3), Text(4), Text(5))
            {
                DateOfBirth = reader.IsDBNull(20) ? null : reader.GetFieldValue<DateOnly>(20),
                Attributes = StoredValues.ParseAttributes(Text(21)),
            },
            Source = StoredValues.ParseEnum<TokenSource>(reader.GetString(6)),
            Status = StoredValues.ParseEnum<TokenStatus>(reader.GetString(7)),
            PriorityScore = reader.GetInt32(8),
            IsOverflow = reader.GetBoolean(9),
            BumpCount = reader.GetInt32(10),
            CreatedAt = StoredValues.ParseInstant(reader.GetString(11)),
            AllocatedAt = Instant(12),
            CheckedInAt = Instant(13),
            ConsultationStartedAt = Instant(14),
            CompletedAt = Instant(15),
            CancelledAt = Instant(16),
            NoShowAt = Instant(17),
            CancellationReason = Text(18),
            History = StoredValues.ParseHistory(key, reader.GetString(19)),
        };
    }

    public static IdempotencyRecord ReadRecord(DbDataReader reader, PartitionKey key) =>
        new(
            reader.GetString(0),
            reader.GetString(1),
            new TokenId(key, reader.GetInt32(2)),
            StoredValues.ParseEnum<AllocationOutcome>(reader.GetString(3)),
            reader.IsDBNull(4) ? null : new TokenId(key, reader.GetInt32(4))
        );
}
