namespace OpdTokens.Allocation.Tests.Models;

/// <summary>A patient's optional date of birth and attributes: part of its value, never part of its text.</summary>
public sealed class PatientTests
{
    [Theory]
    [InlineData("1950-06-15", "2026-06-14", 75)]
    [InlineData("1950-06-15", "2026-06-15", 76)]
    [InlineData("2026-11-21", "2026-11-21", 0)]
    [InlineData("2000-02-29", "2001-02-28", 0)]
    [InlineData("2000-02-29", "2001-03-01", 1)]
    [InlineData("2000-02-29", "2004-02-29", 4)]
    public void Age_is_the_completed_years_on_a_day(string born, string on, int age)
    {
        var patient = new Patient("Asha")
        {
            DateOfBirth = DateOnly.Parse(born, System.Globalization.CultureInfo.InvariantCulture),
        };

        Assert.Equal(age, patient.AgeOn(DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Age_is_unknown_without_a_date_of_birth_or_before_it()
    {
        var born = new DateOnly(2026, 11, 21);

        Assert.Null(new Patient("Asha").AgeOn(born));
        Assert.Null((new Patient("Asha") { DateOfBirth = born }).AgeOn(born.AddDays(-1)));
    }

    [Fact]
    public void Date_of_birth_and_attributes_are_part_of_the_patients_value_and_never_of_its_text()
    {
        var plain = new Patient("Asha Rao", "+91 98765 43210", "MRN-1");
        var full = plain with
        {
            DateOfBirth = new DateOnly(1948, 3, 9),
            Attributes = PatientAttributes.Empty.With("mobility", "wheelchair"),
        };

        Assert.Same(PatientAttributes.Empty, plain.Attributes);
        Assert.NotEqual(plain, full);
        Assert.NotEqual(full, full with { DateOfBirth = null });
        Assert.Equal(full, full with { Attributes = PatientAttributes.Empty.With("mobility", "wheelchair") });
        Assert.NotEqual(full, full with { Attributes = PatientAttributes.Empty.With("mobility", "walker") });
        Assert.Equal("Patient { (personal data redacted) }", full.ToString());
        Assert.Throws<ArgumentNullException>(() => plain with { Attributes = null! });
    }
}
