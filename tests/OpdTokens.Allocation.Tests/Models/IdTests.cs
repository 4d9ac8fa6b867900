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
}
