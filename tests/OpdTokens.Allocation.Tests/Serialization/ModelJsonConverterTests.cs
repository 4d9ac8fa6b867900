using System.Text.Json;
using OpdTokens.Allocation.Serialization;

namespace OpdTokens.Allocation.Tests.Serialization;

/// <summary>The models a store keeps (doctor, slot, patient, token, move, idempotency record) serialise to a fixed
/// JSON shape and back with every field, whatever the options, and malformed JSON is refused.</summary>
public sealed class ModelJsonConverterTests
{
    private static readonly PartitionKey Day = new(new DoctorId("D1"), new DateOnly(2026, 11, 21));

    private static readonly TimeSpan Ist = TimeSpan.FromHours(5.5);

    private static readonly DateTimeOffset Nine = new DateTimeOffset(2026, 11, 21, 9, 0, 0, Ist).AddTicks(1234567);

    /// <summary>Options a host may have; the converters write the same text under them.</summary>
    private static readonly JsonSerializerOptions HostOptions = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(), new TokenJsonConverter() },
    };

    private static readonly Patient Asha = new("Asha \"Rao\" — आशा", "+91 98765 43210", "MRN-1")
    {
        DateOfBirth = new DateOnly(1948, 2, 29),
        Attributes = PatientAttributes.Empty.With("mobility", "wheelchair").With("interpreter", "ta"),
    };

    private static readonly Token Moved = new()
    {
        Id = new TokenId(Day, 4),
        Number = "DOCD1-20261121-0004",
        SlotId = new SlotId(Day, 2),
        Patient = Asha,
        Source = TokenSource.FollowUp,
        Status = TokenStatus.CheckedIn,
        PriorityScore = 55,
        IsOverflow = true,
        BumpCount = 1,
        CreatedAt = Nine.AddHours(-2),
        AllocatedAt = Nine.AddHours(-2),
        CheckedInAt = Nine.ToOffset(TimeSpan.Zero),
        History =
        [
            new TokenMove(Nine.AddHours(-1), new SlotId(Day, 1), null, MoveReason.Bumped),
            new TokenMove(Nine.AddMinutes(-30), null, new SlotId(Day, 2), MoveReason.Promoted, "desk note"),
        ],
    };

    [Fact]
    public void A_token_has_a_fixed_shape_whatever_the_options()
    {
        var json = JsonSerializer.Serialize(Moved, HostOptions);

        Assert.Equal(
            """
            {"id":"T-D1-20261121-4","number":"DOCD1-20261121-0004","slotId":"S-D1-20261121-2","patient":{"name":"Asha \u0022Rao\u0022 \u2014 \u0906\u0936\u093E","phone":"\u002B91 98765 43210","patientId":"MRN-1","dateOfBirth":"1948-02-29","attributes":{"interpreter":"ta","mobility":"wheelchair"}},"source":"FollowUp","status":"CheckedIn","priorityScore":55,"isOverflow":true,"bumpCount":1,"createdAt":"2026-11-21T07:00:00.1234567+05:30","allocatedAt":"2026-11-21T07:00:00.1234567+05:30","checkedInAt":"2026-11-21T03:30:00.1234567+00:00","consultationStartedAt":null,"completedAt":null,"cancelledAt":null,"noShowAt":null,"cancellationReason":null,"history":[{"at":"2026-11-21T08:00:00.1234567+05:30","from":"S-D1-20261121-1","to":null,"reason":"Bumped","note":null},{"at":"2026-11-21T08:30:00.1234567+05:30","from":null,"to":"S-D1-20261121-2","reason":"Promoted","note":"desk note"}]}
            """,
            json
        );
    }

    [Fact]
    public void A_token_round_trips_with_every_field_each_instant_keeping_its_offset()
    {
        var json = JsonSerializer.Serialize(Moved, HostOptions);
        var read = JsonSerializer.Deserialize<Token>(json, HostOptions)!;

        Assert.Equal(Moved with { History = [] }, read with { History = [] });
        Assert.Equal<TokenMove>(Moved.History, read.History);
        Assert.Equal(TimeSpan.Zero, read.CheckedInAt!.Value.Offset);
        Assert.Equal(Ist, read.CreatedAt.Offset);
        Assert.Equal(Asha, read.Patient);
    }

    [Fact]
    public void Doctors_slots_patients_moves_and_records_round_trip_without_configuration()
    {
        var doctor = new Doctor(new DoctorId("D1"), "Dr Rao", "Cardiology", IsActive: false);
        var slot = new Slot(new SlotId(Day, 1), Nine, Nine.AddHours(1), 20, IsActive: false);
        var record = new IdempotencyRecord(
            "key-1",
            "ABCDEF",
            new TokenId(Day, 4),
            AllocationOutcome.BumpedOther,
            new TokenId(Day, 2)
        );
        var plain = new Patient("Ravi");

        Assert.Equal(doctor, RoundTrip(doctor));
        Assert.Equal(slot, RoundTrip(slot));
        Assert.Equal(record, RoundTrip(record));
        Assert.Equal(record with { BumpedTokenId = null }, RoundTrip(record with { BumpedTokenId = null }));
        Assert.Equal(Asha, RoundTrip(Asha));
        Assert.Equal(plain, RoundTrip(plain));
        Assert.Equal(Moved.History[1], RoundTrip(Moved.History[1]));
        Assert.Equal(Asha.Attributes, RoundTrip(Asha.Attributes));
        Assert.Equal(
            """{"id":"D1","name":"Dr Rao","specialty":"Cardiology","isActive":false}""",
            JsonSerializer.Serialize(doctor, HostOptions)
        );
        Assert.Equal(
            """{"name":"Ravi","phone":null,"patientId":null,"dateOfBirth":null,"attributes":{}}""",
            JsonSerializer.Serialize(plain, HostOptions)
        );
    }

    [Fact]
    public void Optional_members_may_be_left_out_when_reading()
    {
        var doctor = JsonSerializer.Deserialize<Doctor>("""{"name":"Dr Rao","specialty":"ENT","id":"D1"}""")!;
        var patient = JsonSerializer.Deserialize<Patient>("""{"name":"Ravi","attributes":null}""")!;
        var token = JsonSerializer.Deserialize<Token>(
            """{"id":"T-D1-20261121-1","number":"N1","patient":{"name":"Ravi"},"source":"WalkIn","status":"Waitlisted","priorityScore":10,"createdAt":"2026-11-21T09:00:00.0000000+05:30"}""",
            HostOptions
        )!;

        Assert.True(doctor.IsActive);
        Assert.Equal(new Patient("Ravi"), patient);
        Assert.Equal((null, 0, false, 0), (token.SlotId, token.History.Length, token.IsOverflow, token.BumpCount));
    }

    public static TheoryData<string, string> Malformed =>
        new()
        {
            { "missing name", """{"id":"D1","specialty":"ENT"}""" },
            { "unknown property", """{"id":"D1","name":"A","specialty":"B","ward":"7"}""" },
            { "not an object", """["D1","A","B"]""" },
            { "number as text", """{"id":"D1","name":1,"specialty":"B"}""" },
            { "flag as text", """{"id":"D1","name":"A","specialty":"B","isActive":"yes"}""" },
            { "bad id", """{"id":"D 1","name":"A","specialty":"B"}""" },
            { "truncated", """{"id":"D1","name":"A","specialty":""" },
        };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_doctors_are_refused_with_a_json_exception(string why, string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Doctor>(json));
        Assert.False(string.IsNullOrEmpty(why));
    }

    [Theory]
    [InlineData(
        """{"id":"S-D1-20261121-1","startsAt":"2026-11-21T09:00:00","endsAt":"2026-11-21T10:00:00.0000000+05:30","maxCapacity":2}"""
    )]
    [InlineData(
        """{"id":"S-D1-20261121-1","startsAt":"2026-11-21T09:00:00.0000000+05:30","endsAt":"2026-11-21T10:00:00.0000000+05:30","maxCapacity":2.5}"""
    )]
    [InlineData("""{"id":"S-D1-20261121-1","startsAt":"2026-11-21T09:00:00.0000000+05:30","maxCapacity":2}""")]
    [InlineData(
        """{"id":"S-D1-20261121-1","startsAt":9,"endsAt":"2026-11-21T10:00:00.0000000+05:30","maxCapacity":2}"""
    )]
    public void Slots_need_instants_with_their_offset_and_a_whole_capacity(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Slot>(json));

    [Theory]
    [InlineData("""{"at":"2026-11-21T09:00:00.0000000+05:30","reason":"3"}""")]
    [InlineData("""{"at":"2026-11-21T09:00:00.0000000+05:30","reason":"bumped"}""")]
    [InlineData("""{"at":"2026-11-21T09:00:00.0000000+05:30","reason":"Teleported"}""")]
    [InlineData("""{"at":"2026-11-21T09:00:00.0000000+05:30"}""")]
    [InlineData("""{"at":"2026-11-21T09:00:00.0000000+05:30","reason":"Bumped","to":"T-D1-20261121-1"}""")]
    public void Moves_need_a_reason_by_its_exact_name_and_slot_ids(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<TokenMove>(json));

    [Theory]
    [InlineData("""{"name":"Ravi","attributes":{"Mobility":"x"}}""", "An attribute name is 1 to 32")]
    [InlineData("""{"name":"Ravi","attributes":{"a":1}}""", "must be a JSON string")]
    [InlineData("""{"name":"Ravi","dateOfBirth":"21/11/1950"}""", "must be a date")]
    [InlineData("""{"name":"Ravi","attributes":{"a":"x","a":"y"}}""", "given twice")]
    public void Patients_with_attributes_or_dates_out_of_rule_are_refused_naming_the_rule(string json, string rule)
    {
        var refused = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Patient>(json));

        Assert.Contains(rule, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Records_and_tokens_refuse_missing_required_fields_and_values_the_models_refuse()
    {
        Assert.Throws<JsonException>(() =>
            JsonSerializer.Deserialize<IdempotencyRecord>(
                """{"key":"k","requestFingerprint":"F","outcome":"Allocated"}"""
            )
        );
        Assert.Throws<JsonException>(() =>
            JsonSerializer.Deserialize<IdempotencyRecord>(
                """{"key":"k","requestFingerprint":"F","tokenId":"T-D1-20261121-1","outcome":"Rejected?"}"""
            )
        );
        var token = JsonSerializer.Serialize(Moved, HostOptions);
        Assert.Throws<JsonException>(() =>
            JsonSerializer.Deserialize<Token>(
                token.Replace("\"status\":\"CheckedIn\",", "", StringComparison.Ordinal),
                HostOptions
            )
        );
        Assert.Throws<JsonException>(() =>
            JsonSerializer.Deserialize<Token>(
                token.Replace("\"history\":[", "\"history\":{", StringComparison.Ordinal),
                HostOptions
            )
        );
    }

    private static T RoundTrip<T>(T value) => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value))!;
}
