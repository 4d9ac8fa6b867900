using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpdTokens.Allocation.Policies;
using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Testing;
using OpdTokens.Allocation.Tests.Support;

namespace OpdTokens.Allocation.Tests.DependencyInjection;

/// <summary><c>services.AddOpdTokenAllocation(...)</c> and its builder.</summary>
public sealed class ServiceCollectionTests
{
    [Fact]
    public async Task Registration_resolves_one_working_engine_with_the_default_parts()
    {
        var services = new ServiceCollection().AddSingleton<TimeProvider>(new ManualTimeProvider(Hospital.Opening));
        services.AddOpdTokenAllocation();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        var engine = provider.GetRequiredService<IAllocationEngine>();
        var token = await AllocateOneAsync(engine);

        Assert.Same(engine, provider.GetRequiredService<IAllocationEngine>());
        Assert.IsType<InMemoryStateStore>(provider.GetRequiredService<IStateStore>());
        Assert.IsType<TieredPriorityPolicy>(provider.GetRequiredService<IPriorityPolicy>());
        Assert.Equal("DOCD1-20261121-0001", token.Number);
        Assert.Equal(30, token.PriorityScore);
    }

    [Fact]
    public async Task Time_provider_comes_from_the_container_when_registered_else_the_system_clock()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2030, 1, 2, 8, 0, 0, TimeSpan.Zero));
        await using var withClock = new ServiceCollection()
            .AddSingleton<TimeProvider>(clock)
            .AddOpdTokenAllocation()
            .Services.BuildServiceProvider();
        await using var withoutClock = new ServiceCollection().AddOpdTokenAllocation().Services.BuildServiceProvider();

        var engine = withClock.GetRequiredService<IAllocationEngine>();
        var token = await AllocateOneAsync(engine);
        var systemToday = DateOnly.FromDateTime(TimeProvider.System.GetLocalNow().DateTime);

        Assert.Equal(new DateOnly(2030, 1, 2), engine.Today);
        Assert.Equal(clock.GetUtcNow(), token.CreatedAt);
        Assert.InRange(
            withoutClock.GetRequiredService<IAllocationEngine>().Today.DayNumber,
            systemToday.DayNumber - 1,
            systemToday.DayNumber + 1
        );
    }

    [Fact]
    public async Task Host_policy_type_replaces_the_shipped_one()
    {
        await using var provider = Build(b => b.UsePriorityPolicy<FlatPolicy>());

        var token = await AllocateOneAsync(provider.GetRequiredService<IAllocationEngine>());

        Assert.IsType<FlatPolicy>(Assert.Single(provider.GetServices<IPriorityPolicy>()));
        Assert.Equal(7, token.PriorityScore);
    }

    [Fact]
    public async Task Shipped_policy_chosen_by_name_uses_its_numbers_from_the_options()
    {
        await using var provider = Build(b =>
            b.UsePriorityPolicy<FlatPolicy>().UsePriorityPolicy("weighted").Configure(o => o.Weighted.OnlineWeight = 4)
        );

        var token = await AllocateOneAsync(provider.GetRequiredService<IAllocationEngine>());

        Assert.IsType<WeightedPriorityPolicy>(Assert.Single(provider.GetServices<IPriorityPolicy>()));
        Assert.Equal(
            "weighted",
            provider.GetRequiredService<IOptions<OpdTokenAllocationOptions>>().Value.PriorityPolicy
        );
        Assert.Equal(4 * 10 + 10, token.PriorityScore);
    }

    [Fact]
    public async Task Host_store_type_or_factory_replaces_the_in_memory_store()
    {
        await using var byType = Build(b => b.UseStateStore(_ => new CountingStore()).UseStateStore<CountingStore>());
        var shared = new CountingStore();
        await using var byFactory = Build(b => b.UseStateStore<CountingStore>().UseStateStore(_ => shared));

        await AllocateOneAsync(byType.GetRequiredService<IAllocationEngine>());
        await AllocateOneAsync(byFactory.GetRequiredService<IAllocationEngine>());

        Assert.Equal(2, Assert.IsType<CountingStore>(Assert.Single(byType.GetServices<IStateStore>())).Commits);
        Assert.Same(shared, Assert.Single(byFactory.GetServices<IStateStore>()));
        Assert.Equal(2, shared.Commits);
    }

    [Fact]
    public async Task Event_sinks_added_through_the_builder_receive_every_committed_batch()
    {
        var byFactory = new EventRecorder();
        await using var provider = Build(b =>
            b.AddEventSink<EventRecorder>().AddEventSink<EventRecorder>().AddEventSink(_ => byFactory)
        );

        await AllocateOneAsync(provider.GetRequiredService<IAllocationEngine>());

        var sinks = provider.GetServices<IAllocationEventSink>().ToList();
        Assert.Equal(2, sinks.Count);
        Assert.All(sinks.Cast<EventRecorder>(), s => Assert.Equal(2, s.Batches.Count));
    }

    [Fact]
    public async Task A_sink_added_by_type_is_resolvable_as_itself_and_is_the_engines_sink()
    {
        await using var provider = Build(b => b.AddEventSink<EventRecorder>().AddEventSink<EventRecorder>());

        var sink = provider.GetRequiredService<EventRecorder>();
        await AllocateOneAsync(provider.GetRequiredService<IAllocationEngine>());

        Assert.Same(sink, Assert.Single(provider.GetServices<IAllocationEventSink>()));
        Assert.Equal(2, sink.Batches.Count);
    }

    [Fact]
    public async Task A_sink_instance_is_added_once_and_resolvable_as_its_type()
    {
        var sink = new EventRecorder();
        await using var provider = Build(b => b.AddEventSink(sink).AddEventSink(sink).AddEventSink<EventRecorder>());

        await AllocateOneAsync(provider.GetRequiredService<IAllocationEngine>());

        Assert.Same(sink, provider.GetRequiredService<EventRecorder>());
        Assert.Same(sink, Assert.Single(provider.GetServices<IAllocationEventSink>()));
        Assert.Equal(2, sink.Batches.Count);
    }

    [Fact]
    public async Task Policy_instance_and_policy_factory_replace_the_shipped_one_and_the_last_call_wins()
    {
        var flat = new FlatPolicy();
        var calls = 0;
        await using var byInstance = Build(b =>
            b.UsePriorityPolicy(PriorityPolicyNames.Weighted).UsePriorityPolicy(flat)
        );
        await using var byFactory = Build(b =>
            b.UsePriorityPolicy(flat)
                .UsePriorityPolicy(services =>
                {
                    calls++;
                    Assert.IsType<ManualTimeProvider>(services.GetRequiredService<TimeProvider>());
                    return new TieredPriorityPolicy(new TieredPriorityOptions { OnlineScore = 44 });
                })
        );

        var flatToken = await AllocateOneAsync(byInstance.GetRequiredService<IAllocationEngine>());
        var factoryToken = await AllocateOneAsync(byFactory.GetRequiredService<IAllocationEngine>());
        await AllocateOneAsync(byFactory.GetRequiredService<IAllocationEngine>());

        Assert.Same(flat, Assert.Single(byInstance.GetServices<IPriorityPolicy>()));
        Assert.Equal(7, flatToken.PriorityScore);
        Assert.Equal(44, factoryToken.PriorityScore);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Host_token_number_formatter_registered_first_is_kept()
    {
        var services = new ServiceCollection().AddSingleton<ITokenNumberFormatter>(new TokenNumberFormatter("OPD"));
        services.AddOpdTokenAllocation(o => o.TokenNumberPrefix = "IGNORED");
        await using var provider = services.BuildServiceProvider();

        var token = await AllocateOneAsync(provider.GetRequiredService<IAllocationEngine>());

        Assert.StartsWith("OPDD1-", token.Number, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_bind_from_a_configuration_section()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(
                new Dictionary<string, string?>
                {
                    ["OpdTokens:TokenNumberPrefix"] = "OPD",
                    ["OpdTokens:EmergencyOverflowPerSlot"] = "2",
                    ["OpdTokens:EmergencyOverflowPerDay"] = "5",
                    ["OpdTokens:Tiered:OnlineScore"] = "40",
                    ["OpdTokens:SnapshotMaxAge"] = "00:00:30",
                    ["Elsewhere:TokenNumberPrefix"] = "ALT",
                }
            )
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<TimeProvider>(new ManualTimeProvider(Hospital.Opening));
        services.AddOpdTokenAllocation().Options.BindConfiguration(OpdTokenAllocationOptions.DefaultSectionName);
        await using var bound = services.BuildServiceProvider();
        await using var boundBySection = Build(b => b.Options.Bind(configuration.GetSection("Elsewhere")));

        var options = bound.GetRequiredService<IOptions<OpdTokenAllocationOptions>>().Value;
        var token = await AllocateOneAsync(bound.GetRequiredService<IAllocationEngine>());
        var other = await AllocateOneAsync(boundBySection.GetRequiredService<IAllocationEngine>());

        Assert.Equal(
            (2, 5, TimeSpan.FromSeconds(30)),
            (options.EmergencyOverflowPerSlot, options.EmergencyOverflowPerDay, options.SnapshotMaxAge!.Value)
        );
        Assert.Equal(("OPDD1-20261121-0001", 40), (token.Number, token.PriorityScore));
        Assert.StartsWith("ALT", other.Number, StringComparison.Ordinal);
    }

    public static TheoryData<string, Action<OpdTokenAllocationOptions>> BadSettings =>
        new()
        {
            { "OpdTokens:LockStripes", o => o.LockStripes = 6 },
            { "OpdTokens:LockStripes", o => o.LockStripes = 0 },
            { "OpdTokens:EmergencyOverflowPerSlot", o => o.EmergencyOverflowPerSlot = -1 },
            { "OpdTokens:EmergencyOverflowPerDay", o => o.EmergencyOverflowPerDay = -2 },
            { "OpdTokens:MaxBumpsPerToken", o => o.MaxBumpsPerToken = 101 },
            { "OpdTokens:MaxConflictRetries", o => o.MaxConflictRetries = -1 },
            { "OpdTokens:TokenNumberPrefix", o => o.TokenNumberPrefix = "doc" },
            { "OpdTokens:TokenNumberPrefix", o => o.TokenNumberPrefix = "" },
            { "OpdTokens:PriorityPolicy", o => o.PriorityPolicy = "fifo" },
            { "OpdTokens:TimeZoneId", o => o.TimeZoneId = "Mars/Olympus_Mons" },
            { "OpdTokens:SnapshotMaxAge", o => o.SnapshotMaxAge = TimeSpan.FromSeconds(-1) },
            { "OpdTokens:Tiered:EmergencyScore", o => o.Tiered.PaidScore = 1000 },
            { "OpdTokens:Tiered:EmergencyScore", o => o.Tiered.EarlyBookingBonus = 900 },
            { "OpdTokens:Tiered:PaidScore", o => o.Tiered.PaidScore = -5 },
            { "OpdTokens:Weighted:EmergencyWeight", o => o.Weighted.PaidWeight = 100 },
            { "OpdTokens:Weighted:WeightMultiplier", o => o.Weighted.WeightMultiplier = 0 },
            { "OpdTokens:Tiered", o => o.Tiered = null! },
        };

    [Theory]
    [MemberData(nameof(BadSettings), DisableDiscoveryEnumeration = true)]
    public async Task Bad_options_fail_at_host_start_with_a_message_naming_the_setting(
        string setting,
        Action<OpdTokenAllocationOptions> configure
    )
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddOpdTokenAllocation(configure);
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(setting, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_bound_settings_and_unknown_policy_names_fail_at_start_all_named_at_once()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(
            new Dictionary<string, string?> { ["OpdTokens:LockStripes"] = "12", ["OpdTokens:MaxAlternatives"] = "50" }
        );
        builder
            .Services.AddOpdTokenAllocation()
            .UsePriorityPolicy("priority-queue")
            .Options.BindConfiguration(OpdTokenAllocationOptions.DefaultSectionName);
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(3, failure.Failures.Count());
        Assert.Contains(
            "OpdTokens:LockStripes must be a power of two from 1 to 4096 (was 12)",
            failure.Message,
            StringComparison.Ordinal
        );
        Assert.Contains("OpdTokens:MaxAlternatives", failure.Message, StringComparison.Ordinal);
        Assert.Contains("OpdTokens:PriorityPolicy", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Valid_options_start_and_stop_the_host()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddOpdTokenAllocation(o => o.LockStripes = 1).UsePriorityPolicy("weighted");
        using var host = builder.Build();

        await host.StartAsync();
        var token = await AllocateOneAsync(host.Services.GetRequiredService<IAllocationEngine>());
        await host.StopAsync();

        Assert.Equal(TokenStatus.Allocated, token.Status);
    }

    [Fact]
    public void Calling_it_twice_registers_nothing_twice()
    {
        var once = new ServiceCollection();
        once.AddOpdTokenAllocation();
        var twice = new ServiceCollection();
        twice.AddOpdTokenAllocation();
        twice.AddOpdTokenAllocation();

        Assert.Equal(Describe(once), Describe(twice));
        Assert.Single(twice, d => d.ServiceType == typeof(IAllocationEngine));
        Assert.Single(twice, d => d.ServiceType == typeof(IValidateOptions<OpdTokenAllocationOptions>));
    }

    [Fact]
    public async Task Calling_it_again_adds_configuration_on_top()
    {
        var services = new ServiceCollection();
        services.AddOpdTokenAllocation(o => o.TokenNumberPrefix = "OPD");
        services.AddOpdTokenAllocation(o => o.MaxBumpsPerToken = 1);
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<OpdTokenAllocationOptions>>().Value;

        Assert.Equal(("OPD", 1), (options.TokenNumberPrefix, options.MaxBumpsPerToken));
        Assert.Single(services, d => d.ServiceType == typeof(IAllocationEngine));
    }

    [Fact]
    public void Null_arguments_throw()
    {
        var builder = new ServiceCollection().AddOpdTokenAllocation();

        Assert.Equal(
            ["services", "configure", "name", "policy", "factory", "factory", "factory", "sink"],
            new Action[]
            {
                () => ((IServiceCollection)null!).AddOpdTokenAllocation(),
                () => builder.Configure(null!),
                () => builder.UsePriorityPolicy((string)null!),
                () => builder.UsePriorityPolicy((IPriorityPolicy)null!),
                () => builder.UsePriorityPolicy((Func<IServiceProvider, IPriorityPolicy>)null!),
                () => builder.UseStateStore(null!),
                () => builder.AddEventSink(null!),
                () => builder.AddEventSink((EventRecorder)null!),
            }.Select(call => Assert.Throws<ArgumentNullException>(call).ParamName)
        );
    }

    private static ServiceProvider Build(
        Action<Microsoft.Extensions.DependencyInjection.IOpdTokenAllocationBuilder> configure
    )
    {
        var services = new ServiceCollection().AddSingleton<TimeProvider>(new ManualTimeProvider(Hospital.Opening));
        configure(services.AddOpdTokenAllocation());
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    private static string[] Describe(IServiceCollection services) =>
        [
            .. services.Select(d =>
                $"{d.ServiceType} {d.Lifetime} {d.ImplementationType} {d.ImplementationFactory is not null} {d.ImplementationInstance?.GetType()}"
            ),
        ];

    private static async Task<Token> AllocateOneAsync(IAllocationEngine engine)
    {
        var doctor = (await engine.RegisterDoctorAsync(new RegisterDoctor("Dr Rao", "ENT"))).GetValueOrThrow();
        var date = engine.Today.AddDays(0);
        var slot = (await engine.AddSlotAsync(new AddSlot(doctor.Id, date, new(23, 0), new(23, 59), 5)))
            .GetValueOrThrow()
            .Slot;
        return (
            await engine.AllocateAsync(
                new AllocateToken(doctor.Id, new Patient("Asha"), TokenSource.Online) { PreferredSlotId = slot.Id }
            )
        )
            .GetValueOrThrow()
            .Token;
    }

    private sealed class FlatPolicy : IPriorityPolicy
    {
        public string Name => "flat";

        public int Score(in PriorityRequest request) => 7;
    }

    [SuppressMessage("Performance", "CA1812", Justification = "Created by the container.")]
    private sealed class CountingStore : IStateStore
    {
        private readonly InMemoryStateStore _inner = new();
        private int _commits;

        public int Commits => Volatile.Read(ref _commits);

        public ValueTask CommitAsync(PartitionChange change, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _commits);
            return _inner.CommitAsync(change, cancellationToken);
        }

        public ValueTask<DoctorDay?> LoadPartitionAsync(PartitionKey partition, CancellationToken cancellationToken) =>
            _inner.LoadPartitionAsync(partition, cancellationToken);

        public ValueTask<ImmutableArray<PartitionKey>> ListPartitionsAsync(
            DateOnly? onDate,
            CancellationToken cancellationToken
        ) => _inner.ListPartitionsAsync(onDate, cancellationToken);

        public ValueTask<ImmutableArray<Doctor>> LoadDoctorsAsync(CancellationToken cancellationToken) =>
            _inner.LoadDoctorsAsync(cancellationToken);

        public ValueTask SaveDoctorAsync(Doctor doctor, bool isNew, CancellationToken cancellationToken) =>
            _inner.SaveDoctorAsync(doctor, isNew, cancellationToken);
    }
}
