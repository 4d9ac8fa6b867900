using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Testing;
using OpdTokens.Allocation.Tests.Support;

namespace OpdTokens.Allocation.Tests.Engine;

/// <summary>Design section 6.8 on the in-place representation: a command whose store commit fails is undone on the
/// engine's working copy, so the same command retried gives exactly the day (cached counters included) that an engine
/// which never saw the failure has.</summary>
public sealed class FailedCommitUndoTests
{
    private sealed record Step(string Name, Func<IAllocationEngine, Task> Run);

    [Fact]
    public async Task Every_kind_of_command_undone_after_a_failed_commit_leaves_the_day_of_an_engine_that_never_failed()
    {
        var store = new FaultyStateStore(new InMemoryStateStore());
        // One emergency overflow a day, so the cached overflow count decides whether the second emergency overflows.
        void Configure(OpdTokenAllocationOptions options) => options.EmergencyOverflowPerDay = 1;
        using var faulty = Hospital.Open(Configure, store);
        using var control = Hospital.Open(Configure);
        foreach (var h in new[] { faulty, control })
        {
            var doctor = await h.DoctorAsync();
            await h.SlotAsync(doctor, 9, 2);
            await h.SlotAsync(doctor, 10, 2);
            await h.SlotAsync(doctor, 11, 12);
        }

        var doctorId = (await control.Engine.GetDoctorsAsync()).Single().Id;
        var key = new PartitionKey(doctorId, control.Today);
        SlotId SlotNo(int number) => new(key, number);
        TokenId TokenNo(int sequence) => new(key, sequence);
        AllocateToken Request(string patient, TokenSource source, int? slot, string? patientId = null) =>
            new(doctorId, new Patient(patient, PatientId: patientId), source)
            {
                PreferredSlotId = slot is { } n ? SlotNo(n) : null,
            };
        Step Allocate(string name, AllocateToken request) =>
            new(name, async e => (await e.AllocateAsync(request)).GetValueOrThrow());
        Step Status(string name, int sequence, TokenStatus status) =>
            new(
                name,
                async e =>
                    (await e.ChangeStatusAsync(new ChangeTokenStatus(TokenNo(sequence), status))).GetValueOrThrow()
            );

        var steps = new List<Step>
        {
            Allocate(
                "allocate with a key and a patient id",
                Request("A", TokenSource.Online, 1, "MRN-A") with
                {
                    IdempotencyKey = "a",
                }
            ),
            Allocate("allocate the last seat", Request("B", TokenSource.WalkIn, 1, "MRN-B")),
            Allocate("allocate bumping a walk-in on", Request("C", TokenSource.Paid, 1)),
            Allocate("allocate into the later slot", Request("D", TokenSource.WalkIn, 2)),
        };
        // Fill the large slot past the change set's scanning limit, so closing it moves many tokens.
        for (var i = 0; i < 12; i++)
        {
            steps.Add(Allocate($"fill the large slot ({i})", Request($"F{i}", TokenSource.WalkIn, 3, $"MRN-F{i}")));
        }

        steps.AddRange([
            Allocate("allocate onto the waitlist", Request("W1", TokenSource.WalkIn, 2, "MRN-W1")),
            Allocate("allocate a second waitlisted", Request("W2", TokenSource.WalkIn, null)),
            Status("check in", 1, TokenStatus.CheckedIn),
            Status("check in the second", 3, TokenStatus.CheckedIn),
            Status("check in the third", 2, TokenStatus.CheckedIn),
            Status("check in the fourth", 4, TokenStatus.CheckedIn),
            Allocate("allocate an emergency overflow", Request("E1", TokenSource.Emergency, 1)),
            Allocate(
                "allocate an emergency the daily overflow cap keeps from overflowing",
                Request("E2", TokenSource.Emergency, 2)
            ),
            Status("start a consultation", 1, TokenStatus.Consulting),
            Status("complete a consultation", 1, TokenStatus.Completed),
            Status("cancel with a promotion", 4, TokenStatus.Cancelled),
            Status("cancel a waitlisted token", 18, TokenStatus.Cancelled),
            new(
                "resize up, promoting",
                async e => (await e.ResizeSlotAsync(new ResizeSlot(SlotNo(2), 4))).GetValueOrThrow()
            ),
            new(
                "add a slot",
                async e =>
                    (await e.AddSlotAsync(new AddSlot(doctorId, key.Date, new(12, 0), new(13, 0), 6))).GetValueOrThrow()
            ),
            new("resize down", async e => (await e.ResizeSlotAsync(new ResizeSlot(SlotNo(4), 4))).GetValueOrThrow()),
            new(
                "reallocate",
                async e => (await e.ReallocateAsync(new ReallocateToken(TokenNo(5), SlotNo(4)))).GetValueOrThrow()
            ),
            new(
                "report a delay",
                async e =>
                    (
                        await e.ReportDelayAsync(new ReportDelay(doctorId, key.Date, TimeSpan.FromMinutes(20)))
                    ).GetValueOrThrow()
            ),
            new(
                "close the large slot",
                async e => (await e.CloseSlotAsync(new CloseSlot(SlotNo(3)))).GetValueOrThrow()
            ),
            Allocate(
                "allocate again for a patient whose token was completed",
                Request("Z", TokenSource.Online, null, "MRN-A")
            ),
        ]);

        var delayed = steps.FindIndex(s => s.Name == "report a delay");
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var before = await faulty.Engine.GetDoctorDayAsync(key);
            store.FailNextCommit();

            await Assert.ThrowsAsync<InjectedStoreFailureException>(() => step.Run(faulty.Engine));
            Assert.True(ReferenceEquals(before, await faulty.Engine.GetDoctorDayAsync(key)), step.Name);

            await step.Run(faulty.Engine);
            await step.Run(control.Engine);
            var expected = await control.Engine.GetDoctorDayAsync(key);
            var actual = await faulty.Engine.GetDoctorDayAsync(key);
            DoctorDayAssert.Equivalent(expected, actual);
            DayStateAssert.SameIndexes(expected.State, actual.State);
            Invariants.Check(actual, faulty.Clock.GetUtcNow(), faulty.Options);
            // Both engines run the same code, so a fault on their common path shows only against a value known here.
            Assert.Equal(TimeSpan.FromMinutes(i >= delayed ? 20 : 0), actual.Delay);
        }

        Assert.Equal(steps.Count, store.Failures);
        // The scenario reached every path it names.
        var events = control.Events.All;
        Assert.Contains(events, e => e is TokenBumped);
        Assert.Contains(events, e => e is EmergencyOverflowed);
        Assert.True(events.OfType<TokenPromoted>().Select(p => p.TokenId).Distinct().Count() >= 2, "promotions");
        Assert.Contains(events, e => e is SlotClosed);
        var day = await control.Engine.GetDoctorDayAsync(key);
        Assert.DoesNotContain(day.Tokens, t => t.SlotId == SlotNo(3) && t.HoldsSeat);
        Assert.Equal(1, day.Tokens.Count(t => t.IsOverflow));
    }
}
