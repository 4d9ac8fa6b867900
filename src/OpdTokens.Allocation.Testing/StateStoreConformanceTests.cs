using System.Collections.Immutable;
using System.Text.Json;
using OpdTokens.Allocation.Storage;

namespace OpdTokens.Allocation.Testing;

/// <summary>The checks of <see cref="StateStoreConformance"/>: one instance per run of one check, over the stores the
/// <see cref="StateStoreConformance"/> subclass under test makes.</summary>
/// <remarks>
/// <para>A check is a public parameterless <see cref="Task"/> method marked <see cref="ConformanceCheckAttribute"/>;
/// its name is the test case's name, so it says the behaviour, like a test's. Assertions come from the kit's own
/// <see cref="Assert"/>, which is shaped like xunit's.</para>
/// </remarks>
internal sealed partial class StateStoreConformanceTests
{
    /// <summary>The subclass under test, which makes, reopens and disposes stores.</summary>
    private readonly StateStoreConformance _target;

    /// <summary>The store objects to dispose at the end of the check, first one first.</summary>
    private readonly List<IStateStore> _stores = [];

    /// <summary>The engines to dispose at the end of the check.</summary>
    private readonly List<AllocationEngine> _engines = [];

    /// <summary>The store under test, once created.</summary>
    private IStateStore? _store;

    /// <summary>Creates one run with its clock at <see cref="Start"/>.</summary>
    /// <param name="target">The subclass under test.</param>
    public StateStoreConformanceTests(StateStoreConformance target)
    {
        _target = target;
        Clock = new ManualTimeProvider(Start, HospitalZone);
    }

    /// <summary>Gets the hospital's time zone in the suite: UTC+05:30, so stores must keep instants' offsets.</summary>
    public static TimeZoneInfo HospitalZone { get; } =
        TimeZoneInfo.CreateCustomTimeZone(
            "OpdTokens conformance +05:30",
            TimeSpan.FromHours(5.5),
            "Hospital",
            "Hospital"
        );

    /// <summary>Gets the suite's start instant: 07:00 on 21 November 2026 in <see cref="HospitalZone"/>, plus a
    /// fraction of a second so stores must keep every tick.</summary>
    public static DateTimeOffset Start { get; } =
        new DateTimeOffset(2026, 11, 21, 7, 0, 0, TimeSpan.FromHours(5.5)).AddTicks(1_234_567);

    /// <summary>Gets the clock the check's engines use; it moves only when the check moves it.</summary>
    public ManualTimeProvider Clock { get; }

    /// <summary>Gets the store under test.</summary>
    /// <exception cref="InvalidOperationException">The run has not been initialised.</exception>
    public IStateStore Store => _store ?? throw new InvalidOperationException("The store is created per check.");

    /// <summary>Creates the store of this run.</summary>
    /// <returns>A task that completes when the store is ready.</returns>
    public async Task InitializeAsync()
    {
        _store = await _target.CreateStoreForCheckAsync();
        _stores.Add(_store);
    }

    /// <summary>Disposes the engines and stores of this run.</summary>
    /// <returns>A task that completes when everything is disposed.</returns>
    public async Task DisposeAsync()
    {
        foreach (var engine in _engines)
        {
            engine.Dispose();
        }

        foreach (var store in _stores.Distinct(ReferenceEqualityComparer.Instance).Cast<IStateStore>().Reverse())
        {
            await _target.DisposeStoreForCheckAsync(store);
        }
    }

    /// <summary>A doctor-day nothing was committed for loads as nothing and is not listed.</summary>
    /// <returns>A task that completes when the check has passed.</returns>
    [ConformanceCheck]
    public async Task A_doctor_day_never_committed_loads_as_null_and_is_not_listed()
    {
        var key = new PartitionKey(new DoctorId("D1"), Today);

        Assert.Null(await Store.LoadPartitionAsync(key, CancellationToken.None));
        Assert.Empty(await Store.ListPartitionsAsync(null, CancellationToken.None));
        Assert.Empty(await Store.LoadDoctorsAsync(CancellationToken.None));
    }

    /// <summary>The first commit of a doctor-day expects version 0 and stores version 1.</summary>
    /// <returns>A task that completes when the check has passed.</returns>
    [ConformanceCheck]
    public async Task The_first_commit_of_a_doctor_day_expects_version_zero_and_stores_version_one()
    {
        var engine = CreateEngine(Store);
        var doctor = await RegisterAsync(engine, "D1");
        var slot = Must(await engine.AddSlotAsync(new AddSlot(doctor.Id, Today, new(9, 0), new(10, 0), 4))).Slot;

        var stored = await LoadAsync(await OpenAgainAsync(Store), slot.Id.Partition);

        Assert.Equal(1, stored.Version);
        DoctorDayAssert.Equivalent(await engine.GetDoctorDayAsync(slot.Id.Partition), stored);
        Assert.Equal(new[] { slot.Id.Partition }, await ListAsync(Store, null));
    }

    /// <summary>After every command of a day with bumps, overflows, promotions, status moves, a reallocation, a
    /// resize, a closed slot, a new slot and a delay, the stored doctor-day equals the engine's snapshot field by
    /// field, and a fresh engine on the store sees the same day.</summary>
    /// <returns>A task that completes when the check has passed.</returns>
    [ConformanceCheck]
    public async Task Every_field_of_an_eventful_day_round_trips_after_every_commit()
    {
        var engine = CreateEngine(Store);
        var reader = await OpenAgainAsync(Store);
        var key = new PartitionKey(new DoctorId("D1"), Today);
        var commits = 0;

        var day = await ConformanceScenario.RunEventfulDayAsync(
            engine,
            Clock,
            async () =>
            {
                commits++;
                DoctorDayAssert.Equivalent(await engine.GetDoctorDayAsync(key), await LoadAsync(reader, key));
            }
        );

        ConformanceScenario.AssertUsesEveryField(day);
        Assert.Equal(commits, day.Version);
        DoctorDayAssert.KeepsInvariants(day, 1, Clock.GetUtcNow());
        var fresh = CreateEngine(await OpenAgainAsync(Store));
        DoctorDayAssert.Equivalent(day, await fresh.GetDoctorDayAsync(key));
    }

    /// <summary>A doctor-day as the store gives it back, with waitlisted, seated, cancelled and moved tokens, a
    /// patient with a date of birth and attributes, and idempotency records, round-trips through System.Text.Json as
    /// one document: what a store that keeps doctor-days as JSON documents relies on.</summary>
    /// <returns>A task that completes when the test has run.</returns>
    [ConformanceCheck]
    public async Task A_stored_doctor_day_round_trips_through_json()
    {
        var engine = CreateEngine(Store);
        var key = new PartitionKey(new DoctorId("D1"), Today);
        await ConformanceScenario.RunEventfulDayAsync(engine, Clock, () => Task.CompletedTask);
        var stored = await LoadAsync(await OpenAgainAsync(Store), key);
        ConformanceScenario.AssertUsesEveryField(stored);

        // DoctorDay carries its converter: a store needs no options of its own.
        var json = JsonSerializer.Serialize(stored);
        var read = JsonSerializer.Deserialize<DoctorDay>(json);

        Assert.NotNull(read);
        DoctorDayAssert.Equivalent(stored, read);
        Assert.Equal(json, JsonSerializer.Serialize(read));
    }

    /// <summary>A commit made on a stale version is refused with <see cref="ConcurrencyConflictException"/> and
    /// changes nothing: not the version, the delay, the slots, the tokens nor the idempotency records.</summary>
    /// <returns>A task that completes when the check has passed.</returns>
    [ConformanceCheck]
    public async Task A_commit_on_a_stale_version_is_refused_and_changes_nothing()
    {
        var key = await SeedDayAsync(CreateEngine(Store), "D1", tokens: 3);
        var current = await LoadAsync(Store, key);
        Assert.Equal(4, current.Version);

        foreach (var expectedVersion in new long[] { current.Version - 1, current.Version + 1, 0 })
        {
            var change = ConformanceScenario.EditOf(current, expectedVersion, "Stale writer");
            await Assert.ThrowsAsync<ConcurrencyConflictException>(async () =>
                await Store.CommitAsync(change, CancellationToken.None)
            );
            DoctorDayAssert.Equivalent(current, await LoadAsync(await OpenAgainAsync(Store), key));
        }

        var never = new PartitionKey(new DoctorId("D9"), Today);
        var ahead = ConformanceScenario.EditOf(DoctorDay.Empty(never), 1, "Ahead");
        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () =>
            await Store.CommitAsync(ahead, CancellationToken.None)
        );
        Assert.Null(await Store.LoadPartitionAsync(never, CancellationToken.None));
    }

    /// <summary>Of two commits racing on the same version exactly one wins, and the stored doctor-day is the
    /// winner's.</summary>
    /// <returns>A task that completes when the check has passed.</returns>
    [ConformanceCheck]
    public async Task Of_two_commits_racing_on_one_version_exactly_one_wins()
    {
        var key = await SeedDayAsync(CreateEngine(Store), "D1", tokens: 2);
        var other = await OpenAgainAsync(Store);
        for (var round = 0; round < 3; round++)
        {
            var current = await LoadAsync(Store, key);
            var left = ConformanceScenario.EditOf(current, current.Version, "Left " + round);
            var right = ConformanceScenario.EditOf(current, current.Version, "Right " + round);

            var outcomes = await Task.WhenAll(TryCommitAsync(Store, left), TryCommitAsync(other, right));

            Assert.Single(outcomes, won => won);
            DoctorDayAssert.Equivalent(
                ConformanceScenario.Applied(current, outcomes[0] ? left : right),
                await LoadAsync(other, key)
            );
        }
    }

    /// <summary>The registry keeps every doctor field, lists doctors by ordinal id, refuses a new doctor whose id is
    /// taken (keeping the stored one) and replaces a doctor on update.</summary>
    /// <returns>A task that completes when the check has passed.</returns>
    [ConformanceCheck]
    public async Task The_doctor_registry_round_trips_refuses_a_taken_id_and_updates()
    {
        Doctor[] doctors =
        [
            new(new DoctorId("D2"), "Dr. Rao", "Cardiology"),
            new(new DoctorId("D10"), "Dr. \"Quoted\" O'Neil", "Orthopaedics", IsActive: false),
            new(new DoctorId("a_1-x"), "डॉ. मेहता — 心臓", "Cardiology"),
        ];
        foreach (var doctor in doctors)
        {
            await Store.SaveDoctorAsync(doctor, isNew: true, CancellationToken.None);
        }

        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () =>
            await Store.SaveDoctorAsync(doctors[0] with { Name = "Impostor" }, isNew: true, CancellationToken.None)
        );
        var reopened = await OpenAgainAsync(Store);
        Assert.Equal(doctors.OrderBy(d => d.Id), await reopened.LoadDoctorsAsync(CancellationToken.None));

        var updated = doctors[0] with { Name = "Dr. Rao (retired)", Specialty = "Geriatrics", IsActive = false };
        await Store.SaveDoctorAsync(updated, isNew: false, CancellationToken.None);
        var afterUpdate = await (await OpenAgainAsync(Store)).LoadDoctorsAsync(CancellationToken.None);
        Assert.Equal(updated, Assert.Single(afterUpdate, d => d.Id == updated.Id));
        Assert.Equal(3, afterUpdate.Length);
    }

    /// <summary>Engines sharing the store, registering doctors at once with generated ids, end with distinct ids
    /// and every doctor stored.</summary>
    /// <returns>A task that completes when the check has passed.</returns>
    [ConformanceCheck]
    public async Task Engines_sharing_the_store_register_doctors_under_distinct_generated_ids()
    {
        var engines = new[] { CreateEngine(Store, Retries), CreateEngine(await OpenAgainAsync(Store), Retries) };

        var registered = await Task.WhenAll(
            Enumerable
                .Range(0, 12)
                .Select(i =>
                    Task.Run(async () =>
                        Must(await engines[i % 2].RegisterDoctorAsync(new RegisterDoctor("Dr. " + i, "General")))
                    )
                )
        );

        var stored = await (await OpenAgainAsync(Store)).LoadDoctorsAsync(CancellationToken.None);
        Assert.Equal(12, registered.Select(d => d.Id).Distinct().Count());
        Assert.Equal(registered.OrderBy(d => d.Id), stored);

        static void Retries(OpdTokenAllocationOptions options) => options.MaxConflictRetries = 20;
    }

    /// <summary>Doctor-days are listed by date, then by doctor id in ordinal order, all of them or those of one
    /// date.</summary>
    /// <returns>A task that completes when the check has passed.</returns>
    [ConformanceCheck]
    public async Task Doctor_days_are_listed_by_date_then_doctor()
    {
        var engine = CreateEngine(Store);
        var tomorrow = Today.AddDays(1);
        foreach (var (doctor, date) in new[] { ("D2", tomorrow), ("D1", Today), ("D10", Today), ("D1", tomorrow) })
        {
            var id =
                (await engine.GetDoctorAsync(new DoctorId(doctor)))?.Id ?? (await RegisterAsync(engine, doctor)).Id;
            Must(await engine.AddSlotAsync(new AddSlot(id, date, new(9, 0), new(10, 0), 2)));
        }

        PartitionKey Key(string doctor, DateOnly date) => new(new DoctorId(doctor), date);
        var reopened = await OpenAgainAsync(Store);
        Assert.Equal(
            new[] { Key("D1", Today), Key("D10", Today), Key("D1", tomorrow), Key("D2", tomorrow) },
            await ListAsync(reopened, null)
        );
        Assert.Equal(new[] { Key("D1", tomorrow), Key("D2", tomorrow) }, await ListAsync(reopened, tomorrow));
        Assert.Empty(await ListAsync(reopened, Today.AddDays(2)));
    }

    /// <summary>A fresh engine on the store finds every token by id and by number, as the writing engine has it, and
    /// finds nothing for ids and numbers that name no token.</summary>
    /// <returns>A task that completes when the check has passed.</returns>
    [ConformanceCheck]
    public async Task A_fresh_engine_finds_stored_tokens_by_id_and_by_number()
    {
        var writer = CreateEngine(Store);
        var key = await SeedDayAsync(writer, "D1", tokens: 4);
        var written = await writer.GetDoctorDayAsync(key);
        var reader = CreateEngine(await OpenAgainAsync(Store));

        foreach (var token in written.Tokens)
        {
            var byId = await reader.GetTokenAsync(token.Id);
            var byNumber = await reader.FindTokenByNumberAsync(token.Number);
            Assert.NotNull(byId);
            Assert.NotNull(byNumber);
            Assert.Equal(token.Id, byNumber.Id);
            DoctorDayAssert.Equivalent(written, await reader.GetDoctorDayAsync(key));
        }

        Assert.Null(await reader.GetTokenAsync(new TokenId(key, 99)));
        Assert.Null(await reader.GetTokenAsync(new TokenId(new PartitionKey(new DoctorId("D7"), Today), 1)));
        Assert.Null(
            await reader.FindTokenByNumberAsync(
                written.Tokens[1].Number.Replace("-0001", "-0099", StringComparison.Ordinal)
            )
        );
        Assert.Null(await reader.FindTokenByNumberAsync("not a token number"));
    }

    /// <summary>Commits to different doctor-days from two store objects at once all land, each doctor-day with every
    /// one of its commits.</summary>
    /// <returns>A task that completes when the check has passed.</returns>
    [ConformanceCheck]
    public async Task Concurrent_commits_to_different_doctor_days_all_land()
    {
        const int Doctors = 6;
        const int TokensEach = 8;
        var engines = new[] { CreateEngine(Store), CreateEngine(await OpenAgainAsync(Store)) };
        for (var i = 1; i <= Doctors; i++)
        {
            await RegisterAsync(engines[0], "D" + i);
        }

        await Task.WhenAll(
            Enumerable
                .Range(1, Doctors)
                .Select(i =>
                    Task.Run(async () =>
                    {
                        var engine = engines[i % 2];
                        var doctor = new DoctorId("D" + i);
                        Must(await engine.AddSlotAsync(new AddSlot(doctor, Today, new(9, 0), new(12, 0), 50)));
                        for (var n = 0; n < TokensEach; n++)
                        {
                            var request = new AllocateToken(doctor, new Patient("Patient " + n), TokenSource.WalkIn)
                            {
                                Date = Today,
                            };
                            Must(await engine.AllocateAsync(request));
                        }
                    })
                )
        );

        var reopened = await OpenAgainAsync(Store);
        var keys = await reopened.ListPartitionsAsync(Today, CancellationToken.None);
        Assert.Equal(Doctors, keys.Length);
        foreach (var key in keys)
        {
            var day = await LoadAsync(reopened, key);
            Assert.Equal(1 + TokensEach, day.Version);
            Assert.Equal(Enumerable.Range(1, TokensEach), day.Tokens.Select(t => t.Sequence));
            Assert.All(day.Tokens, t => Assert.Equal(TokenStatus.Allocated, t.Status));
            DoctorDayAssert.KeepsInvariants(day, 1, Clock.GetUtcNow());
        }
    }

    /// <summary>Every store call with a cancelled token throws <see cref="OperationCanceledException"/> and a
    /// cancelled commit or save changes nothing.</summary>
    /// <returns>A task that completes when the check has passed.</returns>
    [ConformanceCheck]
    public async Task Cancelled_calls_throw_and_change_nothing()
    {
        var key = await SeedDayAsync(CreateEngine(Store), "D1", tokens: 1);
        var current = await LoadAsync(Store, key);
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        var cancelled = cancellation.Token;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await Store.LoadPartitionAsync(key, cancelled)
        );
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await Store.ListPartitionsAsync(null, cancelled)
        );
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Store.LoadDoctorsAsync(cancelled));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await Store.CommitAsync(ConformanceScenario.EditOf(current, current.Version, "Cancelled"), cancelled)
        );
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await Store.SaveDoctorAsync(new Doctor(new DoctorId("D5"), "Dr. Cancelled", "General"), true, cancelled)
        );

        var reopened = await OpenAgainAsync(Store);
        DoctorDayAssert.Equivalent(current, await LoadAsync(reopened, key));
        Assert.DoesNotContain(await reopened.LoadDoctorsAsync(CancellationToken.None), d => d.Id == new DoctorId("D5"));
    }

    /// <summary>Two engines on one store behave like two app servers on one database: a command run on a snapshot
    /// another engine has since changed is refused at commit, reloaded and re-run, so no decision is lost or made on
    /// stale data, and the stored day holds both engines' tokens.</summary>
    /// <returns>A task that completes when the check has passed.</returns>
    [ConformanceCheck]
    public async Task An_engine_re_runs_a_command_made_stale_by_another_engine()
    {
        var first = CreateEngine(Store);
        var second = CreateEngine(await OpenAgainAsync(Store));
        var doctor = await RegisterAsync(first, "D1");
        var s1 = Must(await first.AddSlotAsync(new AddSlot(doctor.Id, Today, new(9, 0), new(10, 0), 2))).Slot;
        var s2 = Must(await first.AddSlotAsync(new AddSlot(doctor.Id, Today, new(10, 0), new(11, 0), 2))).Slot;
        var a = Must(await first.AllocateAsync(Request(doctor.Id, s1.Id, "A", TokenSource.WalkIn)));

        var b = Must(await second.AllocateAsync(Request(doctor.Id, s1.Id, "B", TokenSource.WalkIn)));
        // The first engine still caches s1 with a free seat; seating C there would overfill it. Its commit conflicts,
        // it reloads, and C bumps B, the lowest-ranked, into s2 instead.
        var c = Must(await first.AllocateAsync(Request(doctor.Id, s1.Id, "C", TokenSource.Paid)));

        Assert.Equal(AllocationOutcome.Allocated, a.Outcome);
        Assert.Equal(AllocationOutcome.Allocated, b.Outcome);
        Assert.Equal(AllocationOutcome.BumpedOther, c.Outcome);
        Assert.Equal(b.Token.Id, c.BumpedToken?.Id);
        Assert.Equal(3, c.Token.Sequence);
        var stored = await LoadAsync(await OpenAgainAsync(Store), s1.Id.Partition);
        DoctorDayAssert.Equivalent(await first.GetDoctorDayAsync(s1.Id.Partition), stored);
        Assert.Equal([c.Token.Id, a.Token.Id], stored.GetQueue(s1.Id).Select(t => t.Id));
        Assert.Equal([b.Token.Id], stored.GetQueue(s2.Id).Select(t => t.Id));
        DoctorDayAssert.KeepsInvariants(stored, 1, Clock.GetUtcNow());
    }

    /// <summary>An engine never refuses a command because its cached snapshot is behind another engine's commits: a
    /// token, a slot or a status another engine added is found, since a refusal is confirmed against the store.</summary>
    /// <returns>A task that completes when the check has passed.</returns>
    [ConformanceCheck]
    public async Task An_engine_does_not_refuse_commands_on_a_snapshot_another_engine_moved_on()
    {
        var first = CreateEngine(Store);
        var second = CreateEngine(await OpenAgainAsync(Store));
        var key = await SeedDayAsync(first, "D1", tokens: 1);
        var cachedByFirst = await first.GetDoctorDayAsync(key);

        var later = Must(await second.AddSlotAsync(new AddSlot(key.Doctor, Today, new(14, 0), new(15, 0), 1))).Slot;
        var token = Must(await second.AllocateAsync(Request(key.Doctor, later.Id, "Late", TokenSource.Online))).Token;
        var firstToken = cachedByFirst.Tokens[1];
        Must(await second.ChangeStatusAsync(new ChangeTokenStatus(firstToken.Id, TokenStatus.CheckedIn)));

        var checkedIn = await first.ChangeStatusAsync(new ChangeTokenStatus(token.Id, TokenStatus.CheckedIn));
        var consulting = await first.ChangeStatusAsync(new ChangeTokenStatus(firstToken.Id, TokenStatus.Consulting));
        var resized = await first.ResizeSlotAsync(new ResizeSlot(later.Id, 3));

        Assert.Equal(TokenStatus.CheckedIn, Must(checkedIn).Token.Status);
        Assert.Equal(TokenStatus.Consulting, Must(consulting).Token.Status);
        Assert.Equal(3, Must(resized).Slot.MaxCapacity);
        var invalid = await first.ChangeStatusAsync(new ChangeTokenStatus(token.Id, TokenStatus.Completed));
        Assert.Equal(AllocationErrorCode.InvalidTransition, invalid.Error?.Code);
        DoctorDayAssert.Equivalent(
            await first.GetDoctorDayAsync(key),
            await LoadAsync(await OpenAgainAsync(Store), key)
        );
    }

    /// <summary><see cref="OpdTokenAllocationOptions.SnapshotMaxAge"/> decides how fresh reads are across engines:
    /// zero reads every doctor-day and the registry through to the store, <see langword="null"/> serves the engine's
    /// own last snapshot, and a positive age reloads once it has passed.</summary>
    /// <returns>A task that completes when the check has passed.</returns>
    [ConformanceCheck]
    public async Task Snapshot_max_age_decides_whether_reads_see_another_engines_commits()
    {
        var writer = CreateEngine(Store);
        var key = await SeedDayAsync(writer, "D1", tokens: 1);
        var throughReader = CreateEngine(await OpenAgainAsync(Store), o => o.SnapshotMaxAge = TimeSpan.Zero);
        var cachingReader = CreateEngine(await OpenAgainAsync(Store));
        var agedReader = CreateEngine(await OpenAgainAsync(Store), o => o.SnapshotMaxAge = TimeSpan.FromSeconds(5));
        foreach (var reader in new[] { throughReader, cachingReader, agedReader })
        {
            Assert.Equal(2, (await reader.GetDoctorDayAsync(key)).Version);
            Assert.True((await reader.GetDoctorAsync(key.Doctor))!.IsActive);
        }

        Must(
            await writer.AllocateAsync(
                new AllocateToken(key.Doctor, new Patient("Later"), TokenSource.Online) { Date = Today }
            )
        );
        Must(await writer.DeactivateDoctorAsync(new DeactivateDoctor(key.Doctor)));

        Assert.Equal(3, (await throughReader.GetDoctorDayAsync(key)).Version);
        Assert.False((await throughReader.GetDoctorAsync(key.Doctor))!.IsActive);
        Assert.Equal(2, (await cachingReader.GetDoctorDayAsync(key)).Version);
        Assert.True((await cachingReader.GetDoctorAsync(key.Doctor))!.IsActive);
        Assert.Equal(2, (await agedReader.GetDoctorDayAsync(key)).Version);
        Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(3, (await agedReader.GetDoctorDayAsync(key)).Version);
        Assert.False((await agedReader.GetDoctorAsync(key.Doctor))!.IsActive);
    }

    /// <summary>Creates an engine over a store with the suite's clock; the suite disposes it.</summary>
    /// <param name="store">The store.</param>
    /// <param name="configure">Changes the default options, if given.</param>
    /// <returns>The engine.</returns>
    public AllocationEngine CreateEngine(IStateStore store, Action<OpdTokenAllocationOptions>? configure = null)
    {
        var options = new OpdTokenAllocationOptions();
        configure?.Invoke(options);
        var engine = new AllocationEngine(options, store, timeProvider: Clock);
        _engines.Add(engine);
        return engine;
    }

    /// <summary>Gets the suite's day in the hospital's time zone.</summary>
    public static DateOnly Today => DateOnly.FromDateTime(Start.DateTime);

    private async Task<IStateStore> OpenAgainAsync(IStateStore store)
    {
        var reopened = await _target.ReopenStoreForCheckAsync(store);
        _stores.Add(reopened);
        return reopened;
    }

    private static async Task<DoctorDay> LoadAsync(IStateStore store, PartitionKey key) =>
        await store.LoadPartitionAsync(key, CancellationToken.None)
        ?? throw new AssertionFailedException($"Doctor-day {key} is not stored.");

    private static async Task<PartitionKey[]> ListAsync(IStateStore store, DateOnly? onDate) =>
        [.. await store.ListPartitionsAsync(onDate, CancellationToken.None)];

    private static async Task<bool> TryCommitAsync(IStateStore store, PartitionChange change)
    {
        await Task.Yield();
        try
        {
            await store.CommitAsync(change, CancellationToken.None);
            return true;
        }
        catch (ConcurrencyConflictException)
        {
            return false;
        }
    }

    private static async Task<Doctor> RegisterAsync(AllocationEngine engine, string id) =>
        Must(await engine.RegisterDoctorAsync(new RegisterDoctor("Dr. " + id, "Cardiology") { Id = new DoctorId(id) }));

    /// <summary>Registers a doctor, adds a slot for today and allocates some walk-ins there.</summary>
    private static async Task<PartitionKey> SeedDayAsync(AllocationEngine engine, string doctorId, int tokens)
    {
        var doctor = await RegisterAsync(engine, doctorId);
        var slot = Must(await engine.AddSlotAsync(new AddSlot(doctor.Id, Today, new(9, 0), new(11, 0), 10))).Slot;
        for (var i = 1; i <= tokens; i++)
        {
            Must(await engine.AllocateAsync(Request(doctor.Id, slot.Id, "Patient " + i, TokenSource.WalkIn)));
        }

        return slot.Id.Partition;
    }

    private static AllocateToken Request(DoctorId doctor, SlotId slot, string name, TokenSource source) =>
        new(doctor, new Patient(name), source) { PreferredSlotId = slot };

    private static T Must<T>(CommandResult<T> result)
        where T : class => result.GetValueOrThrow();
}
