using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpdTokens.Allocation.Tests.Serialization;

/// <summary>Ids serialise with System.Text.Json as their text, as values and as dictionary keys, without any
/// configuration, also from a source-generated context; anything else is refused loudly.</summary>
public sealed partial class IdJsonConverterTests
{
    private static readonly PartitionKey Day = new(new DoctorId("D1"), new DateOnly(2026, 11, 21));

    private static readonly JsonSerializerOptions CamelCase = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = JsonNamingPolicy.CamelCase,
    };

    private static readonly Booking Sample = new(
        new TokenId(Day, 17),
        new SlotId(Day, 3),
        null,
        Day,
        new DoctorId("dr-rao"),
        new Dictionary<TokenId, int> { [new TokenId(Day, 2)] = 1 },
        new Dictionary<DoctorId, string> { [new DoctorId("D9")] = "x" }
    );

    private const string SampleJson = """
        {"Token":"T-D1-20261121-17","Slot":"S-D1-20261121-3","Moved":null,"Day":"D1/2026-11-21","Doctor":"dr-rao","Counts":{"T-D1-20261121-2":1},"Names":{"D9":"x"}}
        """;

    [Fact]
    public void Ids_are_written_as_their_text_and_read_back_without_configuration()
    {
        var json = JsonSerializer.Serialize(Sample);
        var read = JsonSerializer.Deserialize<Booking>(json)!;

        Assert.Equal(SampleJson, json);
        Assert.Equal(
            (Sample.Token, Sample.Slot, Sample.Moved, Sample.Day, Sample.Doctor),
            (read.Token, read.Slot, read.Moved, read.Day, read.Doctor)
        );
        Assert.Equal(Sample.Counts, read.Counts);
        Assert.Equal(Sample.Names, read.Names);
    }

    [Fact]
    public void A_source_generated_context_uses_the_same_converters()
    {
        var json = JsonSerializer.Serialize(Sample, BookingContext.Default.Booking);
        var read = JsonSerializer.Deserialize(json, BookingContext.Default.Booking)!;

        Assert.Equal(SampleJson, json);
        Assert.Equal(Sample.Token, read.Token);
        Assert.Equal(Sample.Counts, read.Counts);
    }

    [Fact]
    public void Escaped_and_camel_cased_json_reads_the_same_and_naming_policies_do_not_change_id_text()
    {
        var read = JsonSerializer.Deserialize<TokenId>("\"T\\u002DD1-20261121-17\"");
        var json = JsonSerializer.Serialize(new Dictionary<SlotId, SlotId> { [new(Day, 1)] = new(Day, 2) }, CamelCase);

        Assert.Equal(new TokenId(Day, 17), read);
        Assert.Equal("""{"S-D1-20261121-1":"S-D1-20261121-2"}""", json);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("17")]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("\"\"")]
    [InlineData("\"S-D1-20261121-17\"")]
    [InlineData("\"T-D1-20261121-0\"")]
    [InlineData("\"T-D1-20261121-17 \"")]
    [InlineData("\"T-Dé-20261121-17\"")]
    [InlineData("\"T-D1-20261121-1777777777777777777777777777777777777777777777777777777777777777777\"")]
    public void Anything_but_a_token_id_string_is_refused_with_a_json_exception(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<TokenId>(json));
        Assert.Throws<JsonException>(() =>
            JsonSerializer.Deserialize<Dictionary<TokenId, int>>($"{{{QuoteKey(json)}:1}}")
        );
    }

    [Theory]
    [InlineData("\"D1\"", true)]
    [InlineData("\"-D1\"", false)]
    [InlineData("\"D1/2026-11-21\"", false)]
    [InlineData("null", false)]
    public void Doctor_ids_and_keys_are_checked_like_their_parsers(string json, bool isDoctor)
    {
        if (isDoctor)
        {
            Assert.Equal(new DoctorId("D1"), JsonSerializer.Deserialize<DoctorId>(json));
        }
        else
        {
            Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<DoctorId>(json));
        }

        Assert.Equal(Day, JsonSerializer.Deserialize<PartitionKey>("\"D1/2026-11-21\""));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<PartitionKey>("\"D1/2026-02-30\""));
    }

    [Fact]
    public void Default_ids_are_refused_when_written_rather_than_read_back_as_something_else()
    {
        var writes = new Func<string>[]
        {
            () => JsonSerializer.Serialize(default(TokenId)),
            () => JsonSerializer.Serialize(default(SlotId)),
            () => JsonSerializer.Serialize(default(PartitionKey)),
            () => JsonSerializer.Serialize(default(DoctorId)),
            () => JsonSerializer.Serialize(new Dictionary<DoctorId, int> { [default] = 1 }),
            () => JsonSerializer.Serialize(Sample with { Token = default }),
        };

        Assert.All(
            writes,
            write =>
                Assert.Contains(
                    "cannot be serialised: it is not an id",
                    Assert.Throws<InvalidOperationException>(() => write()).Message,
                    StringComparison.Ordinal
                )
        );
        Assert.Equal("null", JsonSerializer.Serialize((TokenId?)null));
    }

    private static string QuoteKey(string json) => json.StartsWith('"') ? json : "\"" + json + "\"";

    internal sealed record Booking(
        TokenId Token,
        SlotId Slot,
        SlotId? Moved,
        PartitionKey Day,
        DoctorId Doctor,
        Dictionary<TokenId, int> Counts,
        Dictionary<DoctorId, string> Names
    );

    [JsonSerializable(typeof(Booking))]
    internal sealed partial class BookingContext : JsonSerializerContext { }
}
