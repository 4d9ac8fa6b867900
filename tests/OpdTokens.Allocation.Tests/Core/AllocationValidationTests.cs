using OpdTokens.Allocation.Tests.Support;

namespace OpdTokens.Allocation.Tests.Core;

/// <summary>Step 1 of the allocation rule: bad requests get a typed error and change nothing.</summary>
public sealed class AllocationValidationTests
{
    public static TheoryData<string, string?, string?, string> BadPatients =>
        new()
        {
            { "", null, null, "patientName" },
            { "   ", null, null, "patientName" },
            { new string('a', 101), null, null, "patientName" },
            { "Asha\u0000", null, null, "patientName" },
            { "Asha\nRao", null, null, "patientName" },
            { "Asha \ud800", null, null, "patientName" },
            { "Asha \ud800x", null, null, "patientName" },
            { "Asha \udc00\ud800", null, null, "patientName" },
            { "Asha", "12345", null, "patientPhone" },
            { "Asha", "98765abcde", null, "patientPhone" },
            { "Asha", "+91987654321012345", null, "patientPhone" },
            { "Asha", "0123456789\n", null, "patientPhone" },
            { "Asha", "012345\t6789", null, "patientPhone" },
            { "Asha", "\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\u0660", null, "patientPhone" },
            { "Asha", null, "", "patientId" },
            { "Asha", null, new string('7', 65), "patientId" },
            { "Asha", null, "MRN\u0007", "patientId" },
        };

    [Theory]
    [MemberData(nameof(BadPatients), DisableDiscoveryEnumeration = true)]
    public async Task Invalid_patient_details_are_refused_naming_the_field_but_not_the_value(
        string name,
        string? phone,
        string? patientId,
        string field
    )
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 2);
        var before = await h.DayAsync(doctor);

        var result = await h.Engine.AllocateAsync(
            new AllocateToken(doctor.Id, new Patient(name, phone, patientId), TokenSource.Online)
            {
                PreferredSlotId = nine.Id,
            }
        );

        Refused.OnField(result, field);
        foreach (var value in new[] { name, phone, patientId }.Where(v => v is { Length: > 3 }))
        {
            Assert.DoesNotContain(value!, result.Error!.Message, StringComparison.Ordinal);
        }

        Assert.Same(before, await h.DayAsync(doctor));
    }

    [Theory]
    [InlineData("+91 98765-43210")]
    [InlineData("0123456789")]
    [InlineData("012 345 6789")]
    [InlineData("+1-555-010-9999")]
    public async Task Valid_phone_numbers_are_accepted(string phone)
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        await h.SlotAsync(doctor, 9, 2);

        var result = await h.Engine.AllocateAsync(
            new AllocateToken(
                doctor.Id,
                new Patient(new string('n', 100), phone, new string('m', 64)),
                TokenSource.WalkIn
            )
        );

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(phone, result.Value.Token.Patient.Phone);
    }

    [Theory]
    [InlineData("\ud842\udfb7\u7530 Asha")]
    [InlineData("Asha \ud83d\ude00")]
    public async Task Names_with_characters_beyond_the_basic_plane_are_accepted(string name)
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        await h.SlotAsync(doctor, 9, 2);

        var result = await h.Engine.AllocateAsync(new AllocateToken(doctor.Id, new Patient(name), TokenSource.WalkIn));

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(name, result.Value.Token.Patient.Name);
    }

    [Fact]
    public async Task Several_bad_fields_are_reported_together()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        await h.SlotAsync(doctor, 9, 2);

        var result = await h.Engine.AllocateAsync(
            new AllocateToken(doctor.Id, new Patient("", "1"), (TokenSource)42) { IdempotencyKey = "key\u00e9" }
        );

        Assert.Equal(
            ["patientName", "patientPhone", "idempotencyKey", "source"],
            result.Error!.FieldErrors.Select(e => e.Field).ToArray()
        );
        // Each message says what it is about, in words a desk clerk reads.
        Assert.Equal(
            ["name", "phone", "key", "source"],
            result
                .Error.FieldErrors.Select(e =>
                    new[] { "name", "phone", "key", "source" }.Single(w =>
                        e.Message.Contains(w, StringComparison.Ordinal)
                    )
                )
                .ToArray()
        );
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("k\u00e9y")]
    [InlineData("key\n")]
    public async Task Invalid_idempotency_keys_are_refused(string key)
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        await h.SlotAsync(doctor, 9, 2);

        var result = await h.Engine.AllocateAsync(
            Hospital.Request(doctor, "Asha", TokenSource.Online) with
            {
                IdempotencyKey = key,
            }
        );

        Refused.OnField(result, "idempotencyKey");
    }

    [Theory]
    [InlineData(" order 42 ")]
    [InlineData("~retry~")]
    [InlineData("!\"#$%&'()*+,-./0123456789:;<=>?@AZ[\\]^_`az{|}~")]
    public async Task Idempotency_keys_may_use_every_printable_ascii_character_including_space_and_tilde(string key)
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        await h.SlotAsync(doctor, 9, 2);
        var request = Hospital.Request(doctor, "Asha", TokenSource.Online) with { IdempotencyKey = key };

        var first = await h.Engine.AllocateAsync(request);
        var replay = await h.Engine.AllocateAsync(request);

        Assert.True(first.IsSuccess, first.Error?.Message);
        Assert.True(replay.Value!.IsReplay);
    }

    [Fact]
    public async Task Idempotency_key_of_64_characters_is_accepted_and_65_is_not()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        await h.SlotAsync(doctor, 9, 2);

        var ok = await h.Engine.AllocateAsync(
            Hospital.Request(doctor, "Asha", TokenSource.Online) with
            {
                IdempotencyKey = new string('k', 64),
            }
        );
        var tooLong = await h.Engine.AllocateAsync(
            Hospital.Request(doctor, "Asha", TokenSource.Online) with
            {
                IdempotencyKey = new string('k', 65),
            }
        );

        Assert.True(ok.IsSuccess);
        Refused.OnField(tooLong, "idempotencyKey");
    }

    [Fact]
    public async Task Unknown_doctor_is_not_found()
    {
        using var h = Hospital.Open();

        var result = await h.Engine.AllocateAsync(
            new AllocateToken(new DoctorId("D404"), new Patient("Asha"), TokenSource.Online)
        );
        var defaultId = await h.Engine.AllocateAsync(
            new AllocateToken(default, new Patient("Asha"), TokenSource.Online)
        );

        Refused.With(result, AllocationErrorCode.NotFound, "D404");
        Refused.With(defaultId, AllocationErrorCode.NotFound);
        Assert.Empty(await h.Engine.GetDoctorDaysAsync(null));
    }

    [Fact]
    public async Task Inactive_doctor_takes_no_tokens()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        await h.SlotAsync(doctor, 9, 2);
        (await h.Engine.DeactivateDoctorAsync(new DeactivateDoctor(doctor.Id))).GetValueOrThrow();

        var result = await h.Engine.AllocateAsync(Hospital.Request(doctor, "Asha", TokenSource.Online));

        Refused.With(result, AllocationErrorCode.DoctorUnavailable, doctor.Id);
    }

    [Fact]
    public async Task Unknown_preferred_slot_is_not_found()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 2);

        var result = await h.Engine.AllocateAsync(
            Hospital.Request(doctor, "Asha", TokenSource.Online) with
            {
                PreferredSlotId = nine.Id with { Number = 7 },
            }
        );

        Refused.With(result, AllocationErrorCode.NotFound, nine.Id with { Number = 7 });
    }

    [Fact]
    public async Task Preferred_slot_of_another_doctor_is_a_validation_error()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var other = await h.DoctorAsync("Dr Iyer");
        var otherSlot = await h.SlotAsync(other, 9, 2);

        var result = await h.Engine.AllocateAsync(Hospital.Request(doctor, "Asha", TokenSource.Online, otherSlot));

        Refused.OnField(result, "slotId");
    }

    [Fact]
    public async Task Date_that_differs_from_the_preferred_slots_day_is_a_validation_error()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 2);

        var result = await h.Engine.AllocateAsync(
            Hospital.Request(doctor, "Asha", TokenSource.Online, nine) with
            {
                Date = h.Today.AddDays(1),
            }
        );

        Refused.OnField(result, "date");
    }

    [Fact]
    public async Task Preferred_slot_that_has_ended_or_is_closed_is_unavailable()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 2);
        var ten = await h.SlotAsync(doctor, 10, 2);
        var eleven = await h.SlotAsync(doctor, 11, 2);
        (await h.Engine.CloseSlotAsync(new CloseSlot(eleven.Id))).GetValueOrThrow();
        h.Clock.SetUtcNow(nine.EndsAt);

        var ended = await h.Engine.AllocateAsync(Hospital.Request(doctor, "A", TokenSource.Online, nine));
        var closed = await h.Engine.AllocateAsync(Hospital.Request(doctor, "B", TokenSource.Online, eleven));
        var running = await h.Engine.AllocateAsync(Hospital.Request(doctor, "C", TokenSource.Online, ten));

        Refused.With(ended, AllocationErrorCode.SlotUnavailable, nine.Id);
        Refused.With(closed, AllocationErrorCode.SlotUnavailable, eleven.Id);
        Assert.Equal(ten.Id, running.Value!.Token.SlotId);
    }

    [Fact]
    public async Task Past_day_is_a_validation_error_and_ended_slots_are_never_candidates()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 2);
        var ten = await h.SlotAsync(doctor, 10, 2);
        h.Clock.SetUtcNow(nine.EndsAt.AddMinutes(1));

        var today = await h.AllocateAsync(doctor, "A", TokenSource.Emergency);
        h.Clock.Advance(TimeSpan.FromDays(1));
        var yesterday = await h.Engine.AllocateAsync(
            Hospital.Request(doctor, "B", TokenSource.Online) with
            {
                Date = nine.Date,
            }
        );

        Assert.Equal(ten.Id, today.Token.SlotId);
        Refused.OnField(yesterday, "date");
    }

    [Fact]
    public async Task Request_for_a_day_whose_slots_have_all_ended_waits()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();
        var nine = await h.SlotAsync(doctor, 9, 2);
        h.Clock.SetUtcNow(nine.EndsAt);

        var result = await h.AllocateAsync(doctor, "A", TokenSource.Online);

        Assert.Equal(AllocationOutcome.Waitlisted, result.Outcome);
        Assert.Equal(30, result.Token.PriorityScore);
    }

    [Fact]
    public async Task Null_command_or_patient_throws()
    {
        using var h = Hospital.Open();
        var doctor = await h.DoctorAsync();

        await Assert.ThrowsAsync<ArgumentNullException>(async () => await h.Engine.AllocateAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(async () =>
            await h.Engine.AllocateAsync(new AllocateToken(doctor.Id, null!, TokenSource.Online))
        );
    }
}
