using OpdTokens.Allocation.Tests.Support;

namespace OpdTokens.Allocation.Tests.Commands;

/// <summary>Errors carry the facts a host needs to word them itself, not only an English message.</summary>
public sealed class AllocationErrorTests
{
    [Fact]
    public async Task A_refused_status_change_names_the_current_and_the_requested_status()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 2);
        var token = (await h.AllocateAsync(doctor, "Asha", TokenSource.Online, nine)).Token;
        (await h.SetStatusAsync(token.Id, TokenStatus.CheckedIn)).GetValueOrThrow();

        var result = await h.SetStatusAsync(token.Id, TokenStatus.NoShow);

        var error = Refused.With(result, AllocationErrorCode.InvalidTransition);
        Assert.Equal(
            ((TokenStatus?)TokenStatus.CheckedIn, (TokenStatus?)TokenStatus.NoShow),
            (error.CurrentStatus, error.RequestedStatus)
        );
    }

    [Fact]
    public async Task A_refused_reallocation_names_the_current_status_and_no_requested_one()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 2);
        var ten = await h.SlotAsync(doctor, 10, 2);
        var token = (await h.AllocateAsync(doctor, "Asha", TokenSource.Online, nine)).Token;
        (await h.SetStatusAsync(token.Id, TokenStatus.Cancelled)).GetValueOrThrow();

        var result = await h.Engine.ReallocateAsync(new ReallocateToken(token.Id, ten.Id));

        var error = Refused.With(result, AllocationErrorCode.InvalidTransition);
        Assert.Equal(
            ((TokenStatus?)TokenStatus.Cancelled, (TokenStatus?)null),
            (error.CurrentStatus, error.RequestedStatus)
        );
    }

    [Fact]
    public void Errors_of_other_kinds_name_no_status()
    {
        var error = new AllocationError(AllocationErrorCode.SlotFull, "No seat.");

        Assert.Null(error.CurrentStatus);
        Assert.Null(error.RequestedStatus);
    }
}
