using OpdTokens.Allocation.Core;
using OpdTokens.Allocation.Tests.Support;

namespace OpdTokens.Allocation.Tests.Core;

/// <summary>Free text (names, specialties, patient ids) shows what it says, and its length is what a reader
/// counts.</summary>
public sealed class InputRulesTests
{
    public static TheoryData<string, string> InvisibleText =>
        new()
        {
            { "Asha\u200BRao", "zero-width space" },
            { "\u202EoaR ahsA", "right-to-left override" },
            { "\uFEFFAsha", "byte order mark" },
            { "As\u00ADha", "soft hyphen" },
            { "Asha\u200E", "left-to-right mark" },
            { "\u2066Asha\u2069", "isolates" },
            { "Asha\u2028Rao", "line separator" },
            { "Asha\u2029Rao", "paragraph separator" },
            { "Asha\u200DRao", "joiner between Latin letters" },
            { "Asha\u200CRao", "non-joiner between Latin letters" },
            { "\u200DAsha", "joiner at the start" },
            { "Asha \U0001F469\u200D", "joiner after an emoji at the end" },
            { "Asha\U000E0067\U000E0062", "tags without a black flag" },
            { "Asha\u0085", "next line (a control character)" },
        };

    public static TheoryData<string, string> VisibleNames =>
        new()
        {
            { "Asha Rao", "ASCII" },
            { "\u0906\u0936\u093E \u0930\u093E\u0935", "Devanagari" },
            { "\u0915\u094D\u200D\u0937", "Devanagari half form with a joiner after the virama" },
            { "\u0D28\u0D4D\u200D", "Malayalam chillu in the old encoding" },
            { "\u0915\u094D\u200C\u0937", "Devanagari with a non-joiner after the virama" },
            { "\u0645\u06CC\u200C\u0631\u0627", "Persian with a non-joiner between letters" },
            { "Dr. \U0001F469\u200D\u2695\uFE0F", "woman health worker (joiner between emoji)" },
            { "\U0001F3F3\uFE0F\u200D\U0001F308 Asha", "rainbow flag (variation selector before the joiner)" },
            { "\U0001F468\U0001F3FD\u200D\U0001F469\U0001F3FD\u200D\U0001F467", "family with skin tones" },
            { "\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F", "flag of England (tags)" },
            { "Zo\u00EB Se\u0301verine", "precomposed and combining accents" },
        };

    [Theory]
    [MemberData(nameof(InvisibleText), DisableDiscoveryEnumeration = true)]
    public void Invisible_and_line_breaking_characters_are_refused(string text, string what)
    {
        Assert.False(InputRules.IsPrintableText(text, InputRules.MaxNameLength), what);
    }

    [Theory]
    [MemberData(nameof(VisibleNames), DisableDiscoveryEnumeration = true)]
    public void Names_in_every_script_and_emoji_sequences_with_joiners_are_accepted(string text, string what)
    {
        Assert.True(InputRules.IsPrintableText(text, InputRules.MaxNameLength), what);
    }

    [Fact]
    public void The_length_limit_counts_text_elements_not_utf16_units()
    {
        // "किं" (ka, vowel sign i, anusvara) is one text element of three UTF-16 units; a family emoji with skin
        // tones is one of 14.
        var conjunct = "\u0915\u093F\u0902";
        var family = "\U0001F468\U0001F3FD\u200D\U0001F469\U0001F3FD\u200D\U0001F467";

        Assert.True(InputRules.IsPrintableText(string.Concat(Enumerable.Repeat(conjunct, 100)), 100));
        Assert.False(InputRules.IsPrintableText(string.Concat(Enumerable.Repeat(conjunct, 101)), 100));
        Assert.True(InputRules.IsPrintableText(new string('a', 99) + family, 100));
        Assert.True(InputRules.IsPrintableText(new string('a', 100), 100));
        Assert.False(InputRules.IsPrintableText(new string('a', 101), 100));
        Assert.True(InputRules.IsPrintableText(new string('\u00E9', 100), 100));
        Assert.False(InputRules.IsPrintableText(new string('\u00E9', 101), 100));
    }

    [Fact]
    public void Stacked_combining_marks_are_bounded_by_the_stored_size()
    {
        // One text element of 400 code units fits the size bound; one more does not, whatever it counts as.
        Assert.True(InputRules.IsPrintableText("a" + new string('\u0301', 399), 100));
        Assert.False(InputRules.IsPrintableText("a" + new string('\u0301', 400), 100));
    }

    [Theory]
    [InlineData("name")]
    [InlineData("specialty")]
    public async Task A_doctor_name_or_specialty_with_a_zero_width_space_is_refused(string field)
    {
        using var h = Hospital.Open();
        var hidden = "Cardio\u200Blogy";

        var result = await h.Engine.RegisterDoctorAsync(
            field == "name" ? new RegisterDoctor(hidden, "Cardiology") : new RegisterDoctor("Dr. Rao", hidden)
        );

        Refused.OnField(result, field);
    }

    [Fact]
    public async Task A_patient_id_with_a_byte_order_mark_is_refused()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        await h.SlotAsync(doctor, 9, 2);

        var result = await h.Engine.AllocateAsync(
            new AllocateToken(doctor.Id, new Patient("Asha", null, "\uFEFFMRN-1"), TokenSource.Online)
        );

        Refused.OnField(result, "patientId");
    }
}
