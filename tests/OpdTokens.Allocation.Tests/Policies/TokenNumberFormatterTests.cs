using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using OpdTokens.Allocation.Policies;
using OpdTokens.Allocation.Tests.Support;

namespace OpdTokens.Allocation.Tests.Policies;

/// <summary>Token numbers <c>DOC{doctor}-{yyyyMMdd}-{seq:0000}</c>, and lookups by number.</summary>
public sealed class TokenNumberFormatterTests
{
    private static readonly PartitionKey Day = new(new DoctorId("D1"), new DateOnly(2026, 11, 21));

    [Theory]
    [InlineData(1, "DOCD1-20261121-0001")]
    [InlineData(17, "DOCD1-20261121-0017")]
    [InlineData(9999, "DOCD1-20261121-9999")]
    [InlineData(12345, "DOCD1-20261121-12345")]
    public void Numbers_pad_the_sequence_to_four_digits(int sequence, string number)
    {
        var formatter = new TokenNumberFormatter();

        Assert.Equal(number, formatter.Format(new TokenId(Day, sequence)));
        Assert.True(formatter.TryParse(number, out var id));
        Assert.Equal(new TokenId(Day, sequence), id);
    }

    // The formatter writes its digits by hand; the documented form is the general formatting below.
    [Property(Arbitrary = [typeof(DoctorIds)], MaxTest = 2000, QuietOnSuccess = true)]
    public void Numbers_are_the_documented_format_for_any_doctor_day_and_sequence(
        string doctor,
        int day,
        PositiveInt positive
    )
    {
        var sequence = positive.Get;
        var formatter = new TokenNumberFormatter("P1");
        var date = DateOnly.FromDayNumber(Math.Abs(day % (DateOnly.MaxValue.DayNumber + 1)));
        var id = new TokenId(new PartitionKey(new DoctorId(doctor), date), sequence);
        var expected = string.Create(CultureInfo.InvariantCulture, $"P1{doctor}-{date:yyyyMMdd}-{sequence:0000}");
        Assert.Equal(expected, formatter.Format(id));
    }

    [Theory]
    [InlineData(10000, "DOCD1-20261121-10000")]
    [InlineData(int.MaxValue, "DOCD1-20261121-2147483647")]
    public void Sequences_past_four_digits_print_every_digit(int sequence, string number)
    {
        Assert.Equal(number, new TokenNumberFormatter().Format(new TokenId(Day, sequence)));
    }

    [Fact]
    public void The_default_token_id_has_no_number()
    {
        var refused = Assert.Throws<ArgumentException>(() => new TokenNumberFormatter().Format(default));

        Assert.Equal("id", refused.ParamName);
    }

    [Fact]
    public void Custom_prefix_is_used_and_doctor_ids_with_dashes_round_trip()
    {
        var formatter = new TokenNumberFormatter("OPD2");
        var id = new TokenId(new PartitionKey(new DoctorId("card-rao"), Day.Date), 3);

        var number = formatter.Format(id);

        Assert.Equal("OPD2card-rao-20261121-0003", number);
        Assert.True(formatter.TryParse(number, out var parsed));
        Assert.Equal(id, parsed);
        Assert.False(new TokenNumberFormatter().TryParse(number, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("DOC")]
    [InlineData("doc-D1-20261121-0001")]
    [InlineData("DOCD1-2026-11-21-0001")]
    [InlineData("DOCD1-20261121-")]
    [InlineData("DOCD1-20261121-0000")]
    [InlineData("DOC-D1-20261121-0001")]
    [InlineData("DOCD1-20261121-0001 ")]
    public void Text_that_is_not_a_number_does_not_parse(string? text)
    {
        Assert.False(new TokenNumberFormatter().TryParse(text, out var id));
        Assert.Equal(default, id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("doc")]
    [InlineData("TOOLONGPX")]
    [InlineData("DO-C")]
    [InlineData("DÖC")]
    public void Bad_prefixes_are_refused(string prefix)
    {
        Assert.False(TokenNumberFormatter.IsValidPrefix(prefix));
        var refused = Assert.Throws<ArgumentException>(() => new TokenNumberFormatter(prefix));
        Assert.Contains("1 to 8", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Engine_finds_tokens_by_their_exact_number_only()
    {
        using var h = Hospital.Open(o => o.TokenNumberPrefix = "OPD");
        var doctor = await h.DoctorAsync();
        await h.SlotAsync(doctor, 9, 2);
        var token = (await h.AllocateAsync(doctor, "Asha", TokenSource.Online)).Token;

        Assert.Equal("OPDD1-20261121-0001", token.Number);
        Assert.Equal(token.Id, (await h.Engine.FindTokenByNumberAsync("OPDD1-20261121-0001"))!.Id);
        Assert.Equal(token.Id, (await h.Engine.GetTokenAsync(token.Id))!.Id);
        Assert.Null(await h.Engine.FindTokenByNumberAsync("OPDD1-20261121-1"));
        Assert.Null(await h.Engine.FindTokenByNumberAsync("OPDD1-20261121-0002"));
        Assert.Null(await h.Engine.FindTokenByNumberAsync("OPDD9-20261121-0001"));
        Assert.Null(await h.Engine.FindTokenByNumberAsync("DOCD1-20261121-0001"));
        Assert.Null(await h.Engine.FindTokenByNumberAsync("not a number"));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await h.Engine.FindTokenByNumberAsync(null!));
    }

    /// <summary>Doctor ids of every shape the number must carry: short, long, with dashes and underscores.</summary>
    public static class DoctorIds
    {
        public static Arbitrary<string> Ids() =>
            Arb.From(Gen.Elements("D1", "card-rao", "x", "a_b-9", "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"), _ => []);
    }
}
