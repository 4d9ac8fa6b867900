using OpdTokens.Allocation.Policies;

namespace OpdTokens.Allocation.Tests.Models;

/// <summary>A token's optional members (its slot and six timestamps) read back exactly as they were set, each on its
/// own, and take part in equality, although they are stored without <see cref="Nullable{T}"/>.</summary>
public sealed class TokenTests
{
    private static readonly PartitionKey Day = new(new DoctorId("D1"), new DateOnly(2026, 11, 21));

    private static readonly DateTimeOffset Noon = new(2026, 11, 21, 12, 0, 0, TimeSpan.FromHours(5.5));

    private static readonly Token Plain = new()
    {
        Id = new TokenId(Day, 1),
        Number = "DOCD1-20261121-0001",
        Patient = new Patient("Asha", null),
        Source = TokenSource.Online,
        Status = TokenStatus.Waitlisted,
        PriorityScore = 10,
        CreatedAt = Noon,
    };

    /// <summary>Each optional member with a way to set it and a way to read every optional member at once.</summary>
    public static TheoryData<string> Members => ["SlotId", .. Timestamps.Keys];

    private static readonly Dictionary<string, Func<Token, DateTimeOffset?, Token>> Timestamps = new()
    {
        ["AllocatedAt"] = (t, v) => t with { AllocatedAt = v },
        ["CheckedInAt"] = (t, v) => t with { CheckedInAt = v },
        ["ConsultationStartedAt"] = (t, v) => t with { ConsultationStartedAt = v },
        ["CompletedAt"] = (t, v) => t with { CompletedAt = v },
        ["CancelledAt"] = (t, v) => t with { CancelledAt = v },
        ["NoShowAt"] = (t, v) => t with { NoShowAt = v },
    };

    [Theory]
    [MemberData(nameof(Members))]
    public void Each_optional_member_reads_back_what_was_set_and_leaves_the_others_unset(string member)
    {
        foreach (
            var (value, slot) in new[] { (Noon, new SlotId(Day, 3)), (default(DateTimeOffset), new SlotId(Day, 1)) }
        )
        {
            var token = member == "SlotId" ? Plain with { SlotId = slot } : Timestamps[member](Plain, value);

            // Every other optional member stays unset.
            var expected = new[] { "SlotId" }.Concat(Timestamps.Keys).ToDictionary(m => m, object? (_) => null);
            expected[member] = member == "SlotId" ? slot : value;
            Assert.Equal(expected, Optional(token).ToDictionary());

            // A default instant is a value: it is not the same as unset.
            Assert.NotEqual(Plain, token);
            var cleared = member == "SlotId" ? token with { SlotId = null } : Timestamps[member](token, null);
            Assert.Equal(Plain, cleared);
            Assert.Equal(Plain.GetHashCode(), cleared.GetHashCode());
        }
    }

    [Fact]
    public void Optional_members_set_together_stay_independent()
    {
        var later = Noon.AddMinutes(5);
        var token = Plain with
        {
            SlotId = new SlotId(Day, 2),
            AllocatedAt = Noon,
            CheckedInAt = later,
            CompletedAt = later.AddMinutes(10),
        };

        var changed = token with { CheckedInAt = null, NoShowAt = later };

        Assert.Equal(new SlotId(Day, 2), changed.SlotId);
        Assert.Equal(Noon, changed.AllocatedAt);
        Assert.Null(changed.CheckedInAt);
        Assert.Null(changed.ConsultationStartedAt);
        Assert.Equal(later.AddMinutes(10), changed.CompletedAt);
        Assert.Null(changed.CancelledAt);
        Assert.Equal(later, changed.NoShowAt);
        Assert.Equal(Noon.Offset, changed.AllocatedAt!.Value.Offset);
        Assert.Equal(later, token.CheckedInAt);
    }

    /// <summary>Every instant of a token.</summary>
    public static TheoryData<string> Instants => ["CreatedAt", .. Timestamps.Keys];

    [Theory]
    [MemberData(nameof(Instants))]
    public void Instants_a_tick_or_an_offset_apart_make_tokens_unequal(string member)
    {
        Func<Token, DateTimeOffset?, Token> set =
            member == "CreatedAt" ? (t, v) => t with { CreatedAt = v!.Value } : Timestamps[member];
        var token = set(Plain, Noon);

        Assert.NotEqual(token, set(Plain, Noon.AddTicks(1)));
        Assert.NotEqual(token, set(Plain, Noon.ToOffset(TimeSpan.Zero)));
        Assert.Equal(token, set(Plain, new DateTimeOffset(Noon.DateTime, Noon.Offset)));
    }

    [Fact]
    public void A_slot_without_a_number_or_of_another_doctor_day_is_refused()
    {
        var otherDay = new SlotId(Day with { Date = Day.Date.AddDays(1) }, 1);

        var unnumbered = Assert.Throws<ArgumentException>(() => Plain with { SlotId = default(SlotId) });
        Assert.Contains("numbered from 1", unnumbered.Message, StringComparison.Ordinal);
        var foreign = Assert.Throws<ArgumentException>(() => Plain with { SlotId = otherDay });
        Assert.Contains("not of the token's doctor-day", foreign.Message, StringComparison.Ordinal);
        Assert.Equal(new SlotId(Day, 4), (Plain with { SlotId = new SlotId(Day, 4) }).SlotId);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(330)]
    [InlineData(-570)]
    [InlineData(840)]
    [InlineData(-840)]
    public void Instants_read_back_with_their_own_offset_to_the_tick(int offsetMinutes)
    {
        var instant = new DateTimeOffset(2026, 11, 21, 23, 59, 59, TimeSpan.FromMinutes(offsetMinutes)).AddTicks(7);

        var token = Plain with { CreatedAt = instant, CompletedAt = instant.AddTicks(1) };

        Assert.Equal((instant.UtcTicks, instant.Offset), (token.CreatedAt.UtcTicks, token.CreatedAt.Offset));
        Assert.Equal(instant.AddTicks(1).DateTime, token.CompletedAt!.Value.DateTime);
        Assert.Equal(instant.Offset, token.CompletedAt.Value.Offset);
    }

    /// <summary>Every member but the optional ones above, each changed on its own.</summary>
    public static TheoryData<string> OtherMembers => [.. Changes.Keys];

    private static readonly Dictionary<string, Func<Token, Token>> Changes = new()
    {
        ["Id"] = t => t with { Id = new TokenId(Day, 2) },
        ["Number"] = t => t with { Number = "DOCD1-20261121-0002" },
        ["Patient"] = t => t with { Patient = new Patient("Ravi", null) },
        ["Source"] = t => t with { Source = TokenSource.WalkIn },
        ["Status"] = t => t with { Status = TokenStatus.Cancelled },
        ["PriorityScore"] = t => t with { PriorityScore = 11 },
        ["IsOverflow"] = t => t with { IsOverflow = true },
        ["BumpCount"] = t => t with { BumpCount = 1 },
        ["CreatedAt"] = t => t with { CreatedAt = Noon.AddTicks(1) },
        ["CreatedAt offset"] = t => t with { CreatedAt = Noon.ToOffset(TimeSpan.Zero) },
        ["CancellationReason"] = t => t with { CancellationReason = "travel" },
        ["History"] = t => t with { History = [new TokenMove(Noon, null, new SlotId(Day, 1), MoveReason.Promoted)] },
    };

    [Theory]
    [MemberData(nameof(OtherMembers))]
    public void Every_member_takes_part_in_equality(string member)
    {
        var changed = Changes[member](Plain);

        Assert.NotEqual(Plain, changed);
        Assert.NotEqual(changed, Plain);
        Assert.Equal(changed, changed with { });
    }

    [Fact]
    public void Equality_covers_every_field_of_the_token()
    {
        // Token writes its own Equals (numbers compare as text), and keeps the members later changes set in a
        // TokenProgress: a new field of either has to be added there, and here.
        const System.Reflection.BindingFlags Instance =
            System.Reflection.BindingFlags.Instance
            | System.Reflection.BindingFlags.Public
            | System.Reflection.BindingFlags.NonPublic;

        Assert.Equal(14, typeof(Token).GetFields(Instance).Length);
        Assert.Equal(5, typeof(TokenProgress).GetFields(Instance).Length);
    }

    [Fact]
    public void Copies_share_later_members_until_one_sets_them_and_never_write_into_another_token()
    {
        var checkedIn = Plain with { CheckedInAt = Noon, BumpCount = 2 };
        var sameProgress = checkedIn with { Status = TokenStatus.CheckedIn };

        var cancelled = sameProgress with
        {
            Status = TokenStatus.Cancelled,
            CancelledAt = Noon.AddMinutes(1),
            CancellationReason = "travel",
            BumpCount = 3,
        };

        Assert.Equal(
            (Noon, Noon.AddMinutes(1), "travel", 3),
            (cancelled.CheckedInAt, cancelled.CancelledAt, cancelled.CancellationReason, cancelled.BumpCount)
        );
        foreach (var earlier in new[] { checkedIn, sameProgress })
        {
            Assert.Equal(
                (Noon, null, null, 2),
                (earlier.CheckedInAt, earlier.CancelledAt, earlier.CancellationReason, earlier.BumpCount)
            );
        }

        Assert.Equal((null, 0), (Plain.CheckedInAt, Plain.BumpCount));
        Assert.Empty(Plain.History);
        Assert.Equal(
            Plain,
            cancelled with
            {
                Status = Plain.Status,
                CheckedInAt = null,
                CancelledAt = null,
                CancellationReason = null,
                BumpCount = 0,
            }
        );
    }

    [Fact]
    public void Setting_the_history_a_token_has_makes_no_progress_of_its_own()
    {
        // Stores and the JSON reader set an empty history on every token they rebuild; the shared empty progress is
        // enough for it. Measured against a plain copy, so only the progress part could differ.
        var history = Plain.History;

        Assert.Equal(BytesOf(() => Plain with { }), BytesOf(() => Plain with { History = history }));
        Assert.True(
            BytesOf(() => Plain with { History = [new TokenMove(Noon, null, null, MoveReason.Promoted)] })
                > BytesOf(() => Plain with { })
        );
    }

    [Fact]
    public void A_copy_that_sets_several_later_members_makes_one_progress_of_its_own()
    {
        Assert.Equal(
            BytesOf(() => Plain with { CheckedInAt = Noon }),
            BytesOf(() => Plain with { CheckedInAt = Noon, CompletedAt = Noon, BumpCount = 1 })
        );
    }

    /// <summary>The bytes one call allocates, after a first call has compiled it.</summary>
    private static long BytesOf(Func<Token> copy)
    {
        copy();
        var before = GC.GetAllocatedBytesForCurrentThread();
        copy();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void A_number_formatted_on_read_equals_the_same_number_kept_as_text()
    {
        var deferred = Deferred(new TokenNumberFormatter());

        Assert.Equal("DOCD1-20261121-0001", deferred.Number);
        Assert.Equal(Plain, deferred);
        Assert.Equal(deferred, Plain);
        Assert.Equal(Plain.GetHashCode(), deferred.GetHashCode());
        Assert.NotEqual(Plain with { Number = "DOCD1-20261121-0009" }, deferred);
        Assert.NotEqual(deferred, Deferred(new TokenNumberFormatter("OPD")));

        // A copy keeps formatting on read; setting the text replaces the formatter.
        var moved = deferred with
        {
            SlotId = new SlotId(Day, 2),
        };
        Assert.Equal("DOCD1-20261121-0001", moved.Number);
        Assert.Equal("X-1", (deferred with { Number = "X-1" }).Number);
    }

    [Fact]
    public void A_source_or_status_beyond_a_byte_is_refused_not_wrapped()
    {
        // Stored as bytes: 256 would read back as 0 (Emergency, Waitlisted) if the cast wrapped.
        Assert.Throws<OverflowException>(() => Plain with { Source = (TokenSource)256 });
        Assert.Throws<OverflowException>(() => Plain with { Status = (TokenStatus)256 });
    }

    [Fact]
    public void A_null_number_is_refused()
    {
        Assert.Throws<ArgumentNullException>(() => Plain with { Number = null! });
    }

    /// <summary><see cref="Plain"/> as the engine makes it: numbered by a formatter, not by text.</summary>
    private static Token Deferred(ITokenNumberFormatter numbers) =>
        new(numbers)
        {
            Id = Plain.Id,
            Patient = Plain.Patient,
            Source = Plain.Source,
            Status = Plain.Status,
            PriorityScore = Plain.PriorityScore,
            CreatedAt = Plain.CreatedAt,
        };

    private static IEnumerable<KeyValuePair<string, object?>> Optional(Token token) =>
        [
            new("SlotId", token.SlotId),
            new("AllocatedAt", token.AllocatedAt),
            new("CheckedInAt", token.CheckedInAt),
            new("ConsultationStartedAt", token.ConsultationStartedAt),
            new("CompletedAt", token.CompletedAt),
            new("CancelledAt", token.CancelledAt),
            new("NoShowAt", token.NoShowAt),
        ];
}
