using OpdTokens.Allocation.Core;

namespace OpdTokens.Allocation.Tests.Core;

/// <summary>The pure checks of the patient details a policy may read.</summary>
public sealed class PatientRulesTests
{
    private static readonly DateOnly Day = new(2026, 11, 21);

    [Theory]
    [InlineData("2026-11-21", true)]
    [InlineData("2026-11-22", false)]
    [InlineData("1876-11-21", true)]
    [InlineData("1876-11-20", false)]
    [InlineData("0001-01-01", false)]
    public void A_date_of_birth_is_on_or_before_the_day_and_at_most_150_years_before_it(string born, bool valid)
    {
        var errors = new List<FieldError>();
        var patient = new Patient("Asha")
        {
            DateOfBirth = DateOnly.Parse(born, System.Globalization.CultureInfo.InvariantCulture),
        };

        PatientRules.CheckDetails(patient, Day, errors);

        Assert.Equal(valid, errors.Count == 0);
        if (!valid)
        {
            var error = Assert.Single(errors);
            Assert.Equal("patientDateOfBirth", error.Field);
            Assert.DoesNotContain(born, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_patient_without_a_date_of_birth_passes_and_early_days_need_no_lower_bound()
    {
        var errors = new List<FieldError>();

        PatientRules.CheckDetails(new Patient("Asha"), Day, errors);

        Assert.Empty(errors);
        Assert.True(PatientRules.IsValidDateOfBirth(DateOnly.MinValue, new DateOnly(100, 1, 1)));
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("mobility.aid-2_x", true)]
    [InlineData("0", true)]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345", true)]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("A", false)]
    [InlineData("a b", false)]
    [InlineData("a/b", false)]
    [InlineData("é", false)]
    public void Attribute_names_are_1_to_32_lower_case_ascii_letters_digits_dots_dashes_and_underscores(
        string? key,
        bool valid
    ) => Assert.Equal(valid, PatientRules.IsValidKey(key));

    [Theory]
    [InlineData("", true)]
    [InlineData("wheelchair", true)]
    [InlineData("Rollstuhl \u267F", true)]
    [InlineData("\U0001F9D1\u200D", false)]
    [InlineData("\U0001F9D1", true)]
    [InlineData("tab\there", false)]
    [InlineData(null, false)]
    public void Attribute_values_have_no_control_or_format_characters_or_broken_surrogates(string? value, bool valid) =>
        Assert.Equal(valid, PatientRules.IsValidValue(value));

    [Fact]
    public void Attribute_values_with_direction_marks_tags_or_unpaired_surrogates_are_refused()
    {
        // Built here rather than in test data, so no test name carries a broken or reversing character.
        string[] values = ["\u202Eevil", "\uDC00", "a\uD800", "\uD800\uD800", "\U000E0001"];

        Assert.All(values, value => Assert.False(PatientRules.IsValidValue(value)));
    }

    [Fact]
    public void Attribute_values_are_at_most_100_characters()
    {
        Assert.True(PatientRules.IsValidValue(new string('x', 100)));
        Assert.False(PatientRules.IsValidValue(new string('x', 101)));
    }

    [Fact]
    public void Every_broken_rule_is_reported_once()
    {
        var errors = new List<FieldError>();
        var pairs = Enumerable
            .Range(0, 20)
            .Select(i => new KeyValuePair<string, string>(i < 2 ? "Bad" : "k" + i, i < 3 ? "\n" : "ok"));

        Assert.False(PatientRules.CheckAttributes(pairs, errors));

        Assert.Equal(
            [PatientRules.CountRule, PatientRules.KeyRule, PatientRules.ValueRule, PatientRules.DuplicateRule],
            errors.Select(e => e.Message)
        );
        Assert.All(errors, e => Assert.Equal("patientAttributes", e.Field));
    }
}
