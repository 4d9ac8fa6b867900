using OpdTokens.Allocation.Tests.Support;

namespace OpdTokens.Allocation.Tests.Core;

/// <summary>The doctor registry: register, update, deactivate.</summary>
public sealed class DoctorRuleTests
{
    [Fact]
    public async Task Registered_doctors_get_the_next_free_generated_id_unless_one_is_given()
    {
        using var h = Hospital.Open();

        var first = await h.DoctorAsync("Dr Rao");
        var chosen = (
            await h.Engine.RegisterDoctorAsync(new RegisterDoctor("Dr Iyer", "ENT") { Id = new DoctorId("D7") })
        ).GetValueOrThrow();
        var named = (
            await h.Engine.RegisterDoctorAsync(new RegisterDoctor("Dr Sen", "ENT") { Id = new DoctorId("ent-sen") })
        ).GetValueOrThrow();
        var numbered = (
            await h.Engine.RegisterDoctorAsync(new RegisterDoctor("Dr Roy", "ENT") { Id = new DoctorId("R42") })
        ).GetValueOrThrow();
        var next = await h.DoctorAsync("Dr Das");

        // Only ids of the generated form D{n} move the counter on.
        Assert.Equal(
            ["D1", "D7", "ent-sen", "R42", "D8"],
            new[] { first, chosen, named, numbered, next }.Select(d => d.Id.Value).ToArray()
        );
        Assert.True(next.IsActive);
        Assert.Equal(
            ["D1", "D7", "D8", "R42", "ent-sen"],
            (await h.Engine.GetDoctorsAsync()).Select(d => d.Id.Value).ToArray()
        );
    }

    [Fact]
    public async Task Taken_id_is_a_conflict()
    {
        using var h = Hospital.Open();
        var first = await h.DoctorAsync();

        var again = await h.Engine.RegisterDoctorAsync(new RegisterDoctor("Dr Other", "ENT") { Id = first.Id });

        Refused.With(again, AllocationErrorCode.Conflict, first.Id);
        Assert.Equal("Dr Rao", (await h.Engine.GetDoctorAsync(first.Id))!.Name);
    }

    [Theory]
    [InlineData("", "ENT", "name")]
    [InlineData("Dr\tRao", "ENT", "name")]
    [InlineData("Dr Rao", " ", "specialty")]
    [InlineData("Dr Rao", null, "specialty")]
    public async Task Invalid_doctor_details_are_refused_naming_the_field(string? name, string? specialty, string field)
    {
        using var h = Hospital.Open();

        var result = await h.Engine.RegisterDoctorAsync(new RegisterDoctor(name!, specialty!));

        Refused.OnField(result, field);
        Assert.Empty(await h.Engine.GetDoctorsAsync());
    }

    [Fact]
    public async Task Default_doctor_id_is_refused_naming_the_field()
    {
        using var h = Hospital.Open();

        var result = await h.Engine.RegisterDoctorAsync(new RegisterDoctor("Dr Rao", "ENT") { Id = default(DoctorId) });

        Refused.OnField(result, "id");
        Assert.Empty(await h.Engine.GetDoctorsAsync());
    }

    [Theory]
    [InlineData("", "ENT", "name")]
    [InlineData("Dr Rao", "Cardio\nlogy", "specialty")]
    public async Task Update_with_invalid_details_is_refused_naming_the_field_and_changes_nothing(
        string name,
        string specialty,
        string field
    )
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();

        var result = await h.Engine.UpdateDoctorAsync(new UpdateDoctor(doctor.Id, name, specialty, true));

        Refused.OnField(result, field);
        Assert.Equal(doctor, await h.Engine.GetDoctorAsync(doctor.Id));
    }

    [Fact]
    public async Task Update_changes_details_and_deactivating_stops_new_tokens_but_keeps_existing_ones()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 2);
        var token = (await h.AllocateAsync(doctor, "Asha", TokenSource.Online, nine)).Token;

        var updated = (
            await h.Engine.UpdateDoctorAsync(new UpdateDoctor(doctor.Id, "Dr Rao Sr", "Cardiology", false))
        ).GetValueOrThrow();
        var refused = await h.Engine.AllocateAsync(Hospital.Request(doctor, "Ravi", TokenSource.Online, nine));
        var checkIn = await h.SetStatusAsync(token.Id, TokenStatus.CheckedIn);

        Assert.Equal(new Doctor(doctor.Id, "Dr Rao Sr", "Cardiology", false), updated);
        Refused.With(refused, AllocationErrorCode.DoctorUnavailable, doctor.Id);
        Assert.True(checkIn.IsSuccess);

        var reactivated = (
            await h.Engine.UpdateDoctorAsync(new UpdateDoctor(doctor.Id, "Dr Rao Sr", "Cardiology", true))
        ).GetValueOrThrow();
        Assert.True(reactivated.IsActive);
        Assert.True((await h.Engine.AllocateAsync(Hospital.Request(doctor, "Ravi", TokenSource.Online))).IsSuccess);
    }

    [Fact]
    public async Task Unknown_doctors_cannot_be_updated_or_deactivated()
    {
        using var h = Hospital.Open();
        var id = new DoctorId("D9");

        var update = await h.Engine.UpdateDoctorAsync(new UpdateDoctor(id, "Dr X", "ENT", true));
        var deactivate = await h.Engine.DeactivateDoctorAsync(new DeactivateDoctor(id));

        Refused.With(update, AllocationErrorCode.NotFound, id);
        Refused.With(deactivate, AllocationErrorCode.NotFound, id);
        Assert.Null(await h.Engine.GetDoctorAsync(id));
        Assert.Null(await h.Engine.GetDoctorAsync(default));
    }
}
