using OpdTokens.Allocation;
using OpdTokens.Allocation.Testing;

namespace OpdTokens.Docs.Snippets.Tests;

public sealed class SerialisationTests
{
    [Fact]
    public void Ids_are_json_strings_as_the_article_says()
    {
        var (json, token, counts) = Serialisation.Ids();

        Assert.Equal("""{"token":"T-D1-20261121-17","counts":{"S-D1-20261121-3":12}}""", json);
        Assert.Equal(TokenId.Parse("T-D1-20261121-17"), token);
        Assert.Equal(12, counts[SlotId.Parse("S-D1-20261121-3")]);
    }

    [Fact]
    public async Task A_day_reads_back_from_its_document_as_the_same_day()
    {
        var (day, json, read) = await Serialisation.DayAsync();

        DoctorDayAssert.Equivalent(day, read);
        Assert.StartsWith(
            """{"key":"D1/2026-11-21","version":4,"delay":"00:00:00","slots":[""",
            json,
            StringComparison.Ordinal
        );
        Assert.Equal(2, read.Tokens.Count);
    }
}
