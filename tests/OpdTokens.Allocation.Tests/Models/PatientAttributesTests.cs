using System.Collections.Immutable;

namespace OpdTokens.Allocation.Tests.Models;

/// <summary>Host-defined patient attributes: a small, ordered, immutable map whose limits cannot be broken.</summary>
public sealed class PatientAttributesTests
{
    private static KeyValuePair<string, string> Pair(string key, string value) => new(key, value);

    [Fact]
    public void Attributes_are_ordered_by_name_and_read_like_a_dictionary()
    {
        var attributes = PatientAttributes.Create([Pair("referral", "ward-7"), Pair("mobility", "wheelchair")]);

        Assert.Equal(["mobility", "referral"], attributes.Keys);
        Assert.Equal(["wheelchair", "ward-7"], attributes.Values);
        Assert.Equal(2, attributes.Count);
        Assert.Equal("wheelchair", attributes["mobility"]);
        Assert.True(attributes.ContainsKey("referral"));
        Assert.False(attributes.ContainsKey("Mobility"));
        Assert.True(attributes.TryGetValue("referral", out var referral));
        Assert.Equal("ward-7", referral);
        Assert.False(attributes.TryGetValue("interpreter", out var missing));
        Assert.Null(missing);
        Assert.True(attributes.Has("mobility", "wheelchair"));
        Assert.False(attributes.Has("mobility", "Wheelchair"));
        Assert.Throws<KeyNotFoundException>(() => attributes["interpreter"]);
        Assert.Equal([Pair("mobility", "wheelchair"), Pair("referral", "ward-7")], attributes.ToList());
    }

    [Fact]
    public void With_and_without_return_new_sets_and_leave_the_old_one_unchanged()
    {
        var one = PatientAttributes.Empty.With("mobility", "walker");

        var replaced = one.With("mobility", "wheelchair");
        var two = replaced.With("a.first", "");
        var back = two.Without("a.first");

        Assert.Equal("walker", one["mobility"]);
        Assert.Equal("wheelchair", replaced["mobility"]);
        Assert.Equal(["a.first", "mobility"], two.Keys);
        Assert.Equal(replaced, back);
        Assert.Same(back, back.Without("absent"));
        Assert.Same(PatientAttributes.Empty, one.Without("mobility"));
        Assert.Empty(PatientAttributes.Empty);
        Assert.Same(PatientAttributes.Empty, PatientAttributes.Create([]));
    }

    [Fact]
    public void Sets_with_the_same_names_and_values_are_equal_whatever_the_order_they_were_given_in()
    {
        var left = PatientAttributes.Create([Pair("b", "2"), Pair("a", "1")]);
        var right = PatientAttributes.Create([Pair("a", "1"), Pair("b", "2")]);

        Assert.Equal(left, right);
        Assert.True(left == right);
        Assert.False(left != right);
        Assert.Equal(left.GetHashCode(), right.GetHashCode());
        Assert.NotEqual(left, right.With("b", "3"));
        Assert.NotEqual(left, right.Without("b"));
        Assert.False(left.Equals(null));
        Assert.False(left.Equals((object)"a"));
        Assert.True((PatientAttributes?)null == null);
        Assert.False(left == null);
    }

    [Fact]
    public void Text_shows_how_many_attributes_there_are_never_their_values()
    {
        var attributes = PatientAttributes.Create([Pair("mobility", "wheelchair"), Pair("hiv", "positive")]);

        Assert.Equal("PatientAttributes { Count = 2 }", attributes.ToString());
    }

    public static TheoryData<string, KeyValuePair<string, string>[], string> Broken =>
        new()
        {
            { "empty name", [Pair("", "x")], "An attribute name is 1 to 32" },
            { "upper case", [Pair("Mobility", "x")], "An attribute name is 1 to 32" },
            { "space", [Pair("mobility aid", "x")], "An attribute name is 1 to 32" },
            { "33 characters", [Pair(new string('a', 33), "x")], "An attribute name is 1 to 32" },
            { "101 characters", [Pair("a", new string('v', 101))], "An attribute value is at most 100" },
            { "line break", [Pair("a", "wheel\nchair")], "without control or format characters" },
            { "zero-width space", [Pair("a", "wheel\u200Bchair")], "without control or format characters" },
            { "null value", [Pair("a", null!)], "An attribute value is at most 100" },
            { "repeated name", [Pair("a", "1"), Pair("a", "2")], "An attribute name is given twice" },
            { "17 attributes", [.. Enumerable.Range(0, 17).Select(i => Pair("k" + i, "v"))], "at most 16 attributes" },
        };

    [Theory]
    [MemberData(nameof(Broken), DisableDiscoveryEnumeration = true)]
    public void A_set_breaking_a_limit_cannot_be_made_and_the_errors_name_the_rule_not_the_value(
        string why,
        KeyValuePair<string, string>[] items,
        string rule
    )
    {
        var refused = Assert.Throws<ArgumentException>(() => PatientAttributes.Create(items));

        Assert.False(PatientAttributes.TryCreate(items, out var result, out var errors), why);
        Assert.Null(result);
        var error = Assert.Single(errors);
        Assert.Equal("patientAttributes", error.Field);
        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
        Assert.Contains(rule, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wheel", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_limits_themselves_are_allowed()
    {
        var largest = Enumerable
            .Range(0, PatientAttributes.MaxCount)
            .Select(i =>
                Pair(
                    (i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture) + new string('k', 30))[..32],
                    new string('v', 100)
                )
            )
            .ToArray();

        Assert.True(PatientAttributes.TryCreate(largest, out var created, out var errors));
        Assert.Equal(16, created.Count);
        Assert.Equal(ImmutableArray<FieldError>.Empty, errors);
        Assert.Equal("a-_.0", PatientAttributes.Empty.With("a-_.0", "Rollstuhl \u267F \U0001F9D1").Keys.Single());
        Assert.Throws<ArgumentException>(() => created.With("one.more", "v"));
        Assert.Throws<ArgumentNullException>(() => PatientAttributes.Create(null!));
        Assert.Throws<ArgumentNullException>(() => created.ContainsKey(null!));
    }
}
