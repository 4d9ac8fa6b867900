using System.Runtime.CompilerServices;
using System.Text;

namespace OpdTokens.Allocation.Tests.Models;

/// <summary>Ids print and parse in their text-routable forms.</summary>
public sealed class IdTests
{
    private static readonly PartitionKey Day = new(new DoctorId("D1"), new DateOnly(2026, 11, 21));

    [Fact]
    public void Token_and_slot_ids_print_their_partition_and_number()
    {
        Assert.Equal("T-D1-20261121-17", new TokenId(Day, 17).ToString());
        Assert.Equal("S-D1-20261121-3", new SlotId(Day, 3).ToString());
        Assert.Equal("D1/2026-11-21", Day.ToString());
    }

    [Theory]
    [InlineData("T-D1-20261121-17", "D1", 17)]
    [InlineData("T-dr-a-1-20261121-3", "dr-a-1", 3)]
    [InlineData("T-X_2-20991231-2147483647", "X_2", int.MaxValue)]
    public void Token_ids_parse_back_even_when_the_doctor_id_has_dashes(string text, string doctor, int sequence)
    {
        Assert.True(TokenId.TryParse(text, out var id));
        Assert.Equal((doctor, sequence), (id.Doctor.Value, id.Sequence));
        Assert.Equal(text, id.ToString());
        Assert.True(SlotId.TryParse("S" + text[1..], out var slot));
        Assert.Equal((doctor, sequence), (slot.Doctor.Value, slot.Number));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("T-")]
    [InlineData("S-D1-20261121-17")]
    [InlineData("t-D1-20261121-17")]
    [InlineData("T-D1-20261121-0")]
    [InlineData("T-D1-20261121--1")]
    [InlineData("T-D1-20261121-+1")]
    [InlineData("T-D1-20261121- 1")]
    [InlineData("T-D1-20261121-2147483648")]
    [InlineData("T-D1-20261121-99999999999")]
    [InlineData("T-D1-20261321-1")]
    [InlineData("T-D1-2026112-1")]
    [InlineData("T-D1-20261121")]
    [InlineData("T--20261121-1")]
    [InlineData("T-D 1-20261121-1")]
    [InlineData("T-_D1-20261121-1")]
    [InlineData("T-D1-20261121-1\n")]
    [InlineData("T-ABCDEFGHIJKLMNOPQRSTUVWXYZ1234567-20261121-1")]
    public void Malformed_token_ids_do_not_parse(string? text)
    {
        Assert.False(TokenId.TryParse(text, out var id));
        Assert.Equal(default, id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("T-D1-20261121-3")]
    [InlineData("S-D1-20261121-0")]
    [InlineData("S-D1-2026112-3")]
    public void Malformed_slot_ids_do_not_parse(string? text)
    {
        Assert.False(SlotId.TryParse(text, out var id));
        Assert.Equal(default, id);
    }

    [Theory]
    [InlineData("D1", true)]
    [InlineData("a", true)]
    [InlineData("dr_rao-2", true)]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ123456", true)]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ1234567", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("-D1", false)]
    [InlineData("_D1", false)]
    [InlineData("D 1", false)]
    [InlineData("D1/2", false)]
    [InlineData("Dé", false)]
    public void Doctor_ids_are_1_to_32_ascii_letters_digits_underscores_and_dashes(string? text, bool valid)
    {
        Assert.Equal(valid, DoctorId.IsValid(text));
        Assert.Equal(valid, DoctorId.TryParse(text, out var id));
        if (valid)
        {
            Assert.Equal(text, id.Value);
        }
        else
        {
            var refused = Assert.Throws<ArgumentException>(() => new DoctorId(text!));
            Assert.Contains("1 to 32", refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Default_doctor_id_is_empty_and_ids_order_ordinally()
    {
        Assert.Equal(string.Empty, default(DoctorId).Value);
        Assert.True(new DoctorId("D10") < new DoctorId("D2"));
        Assert.True(new DoctorId("D2") >= new DoctorId("D10"));
        var earlier = new PartitionKey(new DoctorId("Z"), new DateOnly(2026, 1, 1));
        var later = new PartitionKey(new DoctorId("A"), new DateOnly(2026, 1, 2));
        Assert.True(earlier < later);
        Assert.True(later > earlier);
        Assert.Equal(0, Day.CompareTo(new PartitionKey(new DoctorId("D1"), new DateOnly(2026, 11, 21))));
    }

    [Fact]
    public void Every_comparison_operator_agrees_with_the_order_of_doctor_ids()
    {
        DoctorId low = new("D10"),
            high = new("D2"),
            same = new("D10");

        Assert.Equal((true, false, false), (low < high, high < low, low < same));
        Assert.Equal((true, true, false), (low <= high, low <= same, high <= low));
        Assert.Equal((true, false, false), (high > low, low > high, low > same));
        Assert.Equal((true, true, false), (high >= low, low >= same, low >= high));
    }

    [Fact]
    public void Doctor_days_order_by_date_then_doctor_with_every_comparison_operator()
    {
        var date = new DateOnly(2026, 11, 21);
        PartitionKey low = new(new DoctorId("D1"), date),
            high = new(new DoctorId("D2"), date),
            same = new(new DoctorId("D1"), date),
            nextDay = new(new DoctorId("A"), date.AddDays(1));

        Assert.True(high < nextDay, "The date orders before the doctor.");
        Assert.Equal((true, false, false), (low < high, high < low, low < same));
        Assert.Equal((true, true, false), (low <= high, low <= same, high <= low));
        Assert.Equal((true, false, false), (high > low, low > high, low > same));
        Assert.Equal((true, true, false), (high >= low, low >= same, low >= high));
    }

    [Fact]
    public void Patient_and_token_text_never_contain_personal_data()
    {
        var patient = new Patient("Asha Rao", "+91 98765 43210", "MRN-778899");
        var token = new Token
        {
            Id = new TokenId(Day, 1),
            Number = "DOCD1-20261121-0001",
            Patient = patient,
            Source = TokenSource.Online,
            Status = TokenStatus.Allocated,
            PriorityScore = 30,
            CreatedAt = new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero),
        };

        Assert.Contains("redacted", patient.ToString(), StringComparison.Ordinal);
        foreach (var text in new[] { patient.ToString(), token.ToString() })
        {
            Assert.DoesNotContain("Asha", text, StringComparison.Ordinal);
            Assert.DoesNotContain("98765", text, StringComparison.Ordinal);
            Assert.DoesNotContain("778899", text, StringComparison.Ordinal);
        }

        Assert.Contains("DOCD1-20261121-0001", token.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Slot_and_token_ids_are_16_bytes()
    {
        Assert.Equal(16, Unsafe.SizeOf<TokenId>());
        Assert.Equal(16, Unsafe.SizeOf<SlotId>());
        Assert.Equal(16, Unsafe.SizeOf<PartitionKey>());
        Assert.Equal(8, Unsafe.SizeOf<DoctorId>());
    }

    [Fact]
    public void Ids_keep_their_parts_equality_and_hashing_when_stored_flat()
    {
        var id = new TokenId(Day, 17);
        var same = new TokenId(new PartitionKey(new DoctorId("D1"), new DateOnly(2026, 11, 21)), 17);

        Assert.Equal((Day, new DoctorId("D1"), Day.Date, 17), (id.Partition, id.Doctor, id.Date, id.Sequence));
        Assert.Equal(id, same);
        Assert.Equal(id.GetHashCode(), same.GetHashCode());
        Assert.NotEqual(id, id with { Sequence = 18 });
        Assert.NotEqual(id, id with { Partition = Day with { Date = Day.Date.AddDays(1) } });
        Assert.NotEqual(id, new TokenId(Day with { Doctor = new DoctorId("D2") }, 17));
        var (partition, sequence) = id;
        Assert.Equal((Day, 17), (partition, sequence));
        var slot = new SlotId(Day, 3);
        var (slotPartition, number) = slot;
        Assert.Equal((Day, 3, new DoctorId("D1"), Day.Date), (slotPartition, number, slot.Doctor, slot.Date));
        Assert.Equal(slot, new SlotId(Day, 3));
        Assert.NotEqual(slot, slot with { Number = 4 });
        Assert.Equal(slot.GetHashCode(), new SlotId(Day, 3).GetHashCode());
    }

    [Fact]
    public void Slot_and_token_ids_order_by_doctor_day_then_number()
    {
        var nextDay = new PartitionKey(new DoctorId("A"), Day.Date.AddDays(1));
        var otherDoctor = Day with { Doctor = new DoctorId("D2") };
        TokenId[] tokens = [new(nextDay, 1), new(Day, 10), new(otherDoctor, 1), new(Day, 2)];
        SlotId[] slots = [new(nextDay, 1), new(Day, 10), new(otherDoctor, 1), new(Day, 2)];

        Assert.Equal(
            ["T-D1-20261121-2", "T-D1-20261121-10", "T-D2-20261121-1", "T-A-20261122-1"],
            tokens.Order().Select(t => t.ToString())
        );
        Assert.Equal(
            ["S-D1-20261121-2", "S-D1-20261121-10", "S-D2-20261121-1", "S-A-20261122-1"],
            slots.Order().Select(t => t.ToString())
        );
        TokenId low = new(Day, 2),
            high = new(Day, 10),
            same = new(Day, 2);
        Assert.Equal((true, false, false), (low < high, high < low, low < same));
        Assert.Equal((true, true, false), (low <= high, low <= same, high <= low));
        Assert.Equal((true, false, false), (high > low, low > high, low > same));
        Assert.Equal((true, true, false), (high >= low, low >= same, low >= high));
        SlotId first = new(Day, 2),
            second = new(Day, 10);
        Assert.Equal((true, true, false, false), (first < second, first <= second, first > second, first >= second));
    }

    [Fact]
    public void Ids_cannot_be_built_on_a_default_doctor_day_or_with_a_number_below_one()
    {
        Assert.Equal("Doctor", Assert.Throws<ArgumentException>(() => new PartitionKey(default, Day.Date)).ParamName);
        Assert.Equal("Partition", Assert.Throws<ArgumentException>(() => new TokenId(default, 1)).ParamName);
        Assert.Equal("Partition", Assert.Throws<ArgumentException>(() => new SlotId(default, 1)).ParamName);
        Assert.Equal("Sequence", Assert.Throws<ArgumentOutOfRangeException>(() => new TokenId(Day, 0)).ParamName);
        Assert.Equal("Number", Assert.Throws<ArgumentOutOfRangeException>(() => new SlotId(Day, -1)).ParamName);
        var id = new TokenId(Day, 1);
        var slot = new SlotId(Day, 1);
        Assert.Throws<ArgumentException>(() => id with { Partition = default });
        Assert.Throws<ArgumentOutOfRangeException>(() => id with { Sequence = 0 });
        Assert.Throws<ArgumentException>(() => slot with { Partition = default });
        Assert.Throws<ArgumentOutOfRangeException>(() => slot with { Number = 0 });
        Assert.Throws<ArgumentException>(() => Day with { Doctor = default });
    }

    [Fact]
    public void Default_slot_and_token_ids_and_keys_have_default_parts_and_no_text()
    {
        Assert.Equal(
            (default(PartitionKey), 0, default(DoctorId)),
            (default(TokenId).Partition, default(TokenId).Sequence, default(TokenId).Doctor)
        );
        Assert.Equal((default(PartitionKey), 0), (default(SlotId).Partition, default(SlotId).Number));
        Assert.Equal(default(DoctorId), default(PartitionKey).Doctor);

        var messages = new Func<string>[]
        {
            () => default(TokenId).ToString(),
            () => default(SlotId).ToString(),
            () => default(PartitionKey).ToString(),
            () => $"{default(TokenId)}",
            () => default(SlotId).ToString("G", null),
            () => default(PartitionKey).ToString(null, null),
        }.Select(format => Assert.Throws<InvalidOperationException>(() => format()).Message);
        Assert.All(messages, m => Assert.Contains("default value", m, StringComparison.Ordinal));
        Assert.Throws<InvalidOperationException>(() => default(TokenId).TryFormat(new byte[64], out _));
        Assert.Throws<InvalidOperationException>(() => default(PartitionKey).TryFormat(new char[64], out _));
    }

    [Fact]
    public void A_default_doctor_id_prints_empty_so_messages_about_unknown_doctors_never_throw()
    {
        Assert.Equal("", default(DoctorId).ToString());
        Assert.Equal("Doctor  does not exist.", $"Doctor {default(DoctorId)} does not exist.");
        Assert.True(default(DoctorId).TryFormat(Span<char>.Empty, out var written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void Ids_parse_from_strings_and_spans_and_through_the_generic_interfaces()
    {
        Assert.Equal(new TokenId(Day, 17), TokenId.Parse("T-D1-20261121-17"));
        Assert.Equal(new TokenId(Day, 17), TokenId.Parse("xT-D1-20261121-17x".AsSpan(1, 16)));
        Assert.Equal(new SlotId(Day, 3), SlotId.Parse("S-D1-20261121-3"));
        Assert.True(SlotId.TryParse("S-D1-20261121-3".AsSpan(), out var slot));
        Assert.Equal(new SlotId(Day, 3), slot);
        Assert.Equal(Day, PartitionKey.Parse("D1/2026-11-21"));
        Assert.Equal(Day, PartitionKey.Parse("D1/2026-11-21".AsSpan()));
        Assert.Equal(new DoctorId("dr-a_1"), DoctorId.Parse("dr-a_1"));
        Assert.Equal(new DoctorId("dr-a_1"), DoctorId.Parse("(dr-a_1)".AsSpan(1, 6)));
        Assert.True(DoctorId.TryParse("D7".AsSpan(), out var doctor));
        Assert.Equal("D7", doctor.Value);
        Assert.Equal(new TokenId(Day, 17), ParseGeneric<TokenId>("T-D1-20261121-17"));
        Assert.Equal(Day, ParseGeneric<PartitionKey>("D1/2026-11-21"));
        Assert.Equal(new SlotId(Day, 3), ParseSpanGeneric<SlotId>("S-D1-20261121-3"));
        Assert.Equal(new DoctorId("D1"), ParseSpanGeneric<DoctorId>("D1"));
        Assert.False(TryParseGeneric<TokenId>("S-D1-20261121-17", out _));
        Assert.False(TryParseGeneric<DoctorId>(null, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("D1")]
    [InlineData("D1/2026-11-31")]
    [InlineData("D1/20261121")]
    [InlineData("/2026-11-21")]
    [InlineData("D 1/2026-11-21")]
    [InlineData("D1/2026-11-21/")]
    [InlineData("D1/2026-11-21 ")]
    [InlineData("D1//2026-11-21")]
    public void Malformed_keys_and_ids_do_not_parse_and_Parse_says_what_the_form_is(string text)
    {
        Assert.False(PartitionKey.TryParse(text, out var key));
        Assert.Equal(default, key);
        Assert.Contains(
            "{doctor}/{yyyy-MM-dd}",
            Assert.Throws<FormatException>(() => PartitionKey.Parse(text)).Message,
            StringComparison.Ordinal
        );
        Assert.Contains(
            "T-{doctor}",
            Assert.Throws<FormatException>(() => TokenId.Parse(text)).Message,
            StringComparison.Ordinal
        );
        Assert.Contains(
            "S-{doctor}",
            Assert.Throws<FormatException>(() => SlotId.Parse(text.AsSpan())).Message,
            StringComparison.Ordinal
        );
        Assert.Throws<ArgumentNullException>(() => TokenId.Parse((string)null!));
        Assert.Throws<ArgumentNullException>(() => PartitionKey.Parse((string)null!));
        Assert.Throws<ArgumentNullException>(() => SlotId.Parse((string)null!));
        Assert.Throws<ArgumentNullException>(() => DoctorId.Parse((string)null!));
        Assert.Throws<FormatException>(() => DoctorId.Parse("-x"));
        Assert.Throws<FormatException>(() => DoctorId.Parse("-x".AsSpan()));
    }

    [Fact]
    public void Ids_format_into_char_and_utf8_spans_and_say_when_the_span_is_too_short()
    {
        object[] ids = [new TokenId(Day, 17), new SlotId(Day, 3), Day, new DoctorId("D1")];
        foreach (var id in ids)
        {
            var text = id.ToString()!;
            var formattable = (ISpanFormattable)id;
            var utf8Formattable = (IUtf8SpanFormattable)id;
            var chars = new char[text.Length];
            var bytes = new byte[text.Length];

            Assert.True(formattable.TryFormat(chars, out var charsWritten, "", null));
            Assert.True(utf8Formattable.TryFormat(bytes, out var bytesWritten, "G", null));
            Assert.Equal(text, new string(chars, 0, charsWritten));
            Assert.Equal(text, Encoding.UTF8.GetString(bytes, 0, bytesWritten));
            Assert.False(formattable.TryFormat(new char[text.Length - 1], out charsWritten, default, null));
            Assert.False(utf8Formattable.TryFormat(new byte[text.Length - 1], out bytesWritten, default, null));
            Assert.Equal((0, 0), (charsWritten, bytesWritten));
            Assert.Equal(text, formattable.ToString("g", null));
            Assert.Throws<FormatException>(() => formattable.ToString("N", null));
            Assert.Throws<FormatException>(() => formattable.TryFormat(chars, out _, "x", null));
            Assert.Throws<FormatException>(() => utf8Formattable.TryFormat(bytes, out _, "x", null));
        }

        Assert.Equal(
            "T-D1-20261121-17 in S-D1-20261121-3 of D1/2026-11-21",
            $"{new TokenId(Day, 17)} in {new SlotId(Day, 3)} of {Day}"
        );
        Assert.Equal("D1/0001-01-01", new PartitionKey(new DoctorId("D1"), DateOnly.MinValue).ToString());
        Assert.Equal(
            "T-D1-99991231-2147483647",
            new TokenId(new PartitionKey(new DoctorId("D1"), DateOnly.MaxValue), int.MaxValue).ToString()
        );
    }

    private static T ParseGeneric<T>(string text)
        where T : IParsable<T> => T.Parse(text, null);

    private static T ParseSpanGeneric<T>(string text)
        where T : ISpanParsable<T> => T.Parse(text.AsSpan(), null);

    private static bool TryParseGeneric<T>(string? text, out T? value)
        where T : IParsable<T> => T.TryParse(text, null, out value);
}
