using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OpdTokens.Allocation.Storage;
using OpdTokens.Allocation.Testing;

namespace OpdTokens.Samples.Api.Tests;

/// <summary>The API host in memory: environment "Testing", a key per role, a manual clock at 08:00 in Asia/Kolkata on
/// <see cref="Today"/>, and every log line captured.</summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key-0000000001";
    public const string DeskKey = "test-desk-key-00000000002";
    public const string ClinicianKey = "test-clinician-key-000003";
    public const string DisplayKey = "test-display-key-00000004";

    public const string Today = "2026-11-21";
    public const string Tomorrow = "2026-11-22";

    public static readonly TimeZoneInfo HospitalZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");

    private readonly Dictionary<string, string?> _settings;
    private readonly string _environment;

    public ApiFactory()
        : this(null, "Testing") { }

    /// <summary>A host with changed settings (a <see langword="null"/> value removes one) or another environment.</summary>
    public static ApiFactory With(IReadOnlyDictionary<string, string?>? settings, string environment = "Testing") =>
        new(settings, environment);

    private ApiFactory(IReadOnlyDictionary<string, string?>? settings, string environment)
    {
        _environment = environment;
        _settings = new Dictionary<string, string?>
        {
            ["OpdTokens:TimeZoneId"] = "Asia/Kolkata",
            ["Demo:Seed"] = "false",
            ["Security:RateLimit:PermitLimit"] = "1000000",
            ["Security:RateLimit:WindowSeconds"] = "60",
            ["Security:ApiKeys:0:Key"] = AdminKey,
            ["Security:ApiKeys:0:Role"] = "admin",
            ["Security:ApiKeys:1:Key"] = DeskKey,
            ["Security:ApiKeys:1:Role"] = "desk",
            ["Security:ApiKeys:2:Key"] = ClinicianKey,
            ["Security:ApiKeys:2:Role"] = "clinician",
            ["Security:ApiKeys:3:Key"] = DisplayKey,
            ["Security:ApiKeys:3:Role"] = "display",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public ManualTimeProvider Clock { get; } =
        new(new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.FromHours(5.5)), HospitalZone);

    public LogCapture Logs { get; } = new();

    /// <summary>Gets a store that replaces the configured one, such as a <see cref="Support.ScriptedStore"/>.</summary>
    public IStateStore? Store { get; init; }

    /// <summary>A client that sends the given API key (none when <see langword="null"/>).</summary>
    public ApiClient Client(string? apiKey = AdminKey)
    {
        var http = CreateClient();
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return new ApiClient(http);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        // Settings whose value is null are removed, so a test can take a key away.
        builder.ConfigureAppConfiguration(configuration =>
            configuration.AddInMemoryCollection(_settings.Where(s => s.Value is not null))
        );
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            if (Store is not null)
            {
                services.RemoveAll<IStateStore>();
                services.AddSingleton(Store);
            }
        });
    }
}
