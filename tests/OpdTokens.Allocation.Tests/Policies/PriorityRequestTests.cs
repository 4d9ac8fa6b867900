using OpdTokens.Allocation.Policies;

namespace OpdTokens.Allocation.Tests.Policies;

/// <summary>What a policy sees of the patient: the patient, its age on the token's day and its attributes.</summary>
public sealed class PriorityRequestTests
{
    private static readonly DateOnly Day = new(2026, 11, 21);

    [Fact]
    public void The_patient_age_is_computed_for_the_day_of_the_token()
    {
        var patient = new Patient("Asha")
        {
            DateOfBirth = new DateOnly(1951, 11, 22),
            Attributes = PatientAttributes.Empty.With("mobility", "wheelchair"),
        };

        var request = new PriorityRequest(TokenSource.WalkIn, null, 0, 0) { Patient = patient, Date = Day };

        Assert.Equal(74, request.PatientAge);
        Assert.Equal(75, (request with { Date = Day.AddDays(1) }).PatientAge);
        Assert.Same(patient.Attributes, request.PatientAttributes);
    }

    [Fact]
    public void A_request_without_a_patient_a_date_of_birth_or_a_day_has_no_age_and_no_attributes()
    {
        var bare = new PriorityRequest(TokenSource.WalkIn, null, 0, 0);
        var noBirth = bare with { Patient = new Patient("Asha"), Date = Day };
        var noDay = bare with { Patient = new Patient("Asha") { DateOfBirth = new DateOnly(1950, 1, 1) } };

        Assert.Null(bare.Patient);
        Assert.Equal(DateOnly.MinValue, bare.Date);
        Assert.Null(bare.PatientAge);
        Assert.Null(noBirth.PatientAge);
        Assert.Null(noDay.PatientAge);
        Assert.Same(PatientAttributes.Empty, bare.PatientAttributes);
        Assert.Same(PatientAttributes.Empty, noBirth.PatientAttributes);
    }
}
