using System.Net;

namespace OpdTokens.Samples.Api.Tests.Security;

public sealed class StartupSecurityTests
{
    private static readonly Dictionary<string, string?> NoKeys = new()
    {
        ["Security:ApiKeys:0:Key"] = null,
        ["Security:ApiKeys:0:Role"] = null,
        ["Security:ApiKeys:1:Key"] = null,
        ["Security:ApiKeys:1:Role"] = null,
        ["Security:ApiKeys:2:Key"] = null,
        ["Security:ApiKeys:2:Role"] = null,
        ["Security:ApiKeys:3:Key"] = null,
        ["Security:ApiKeys:3:Role"] = null,
    };

    [Fact]
    public void Production_without_an_admin_key_refuses_to_start_and_names_the_setting()
    {
        using var factory = ApiFactory.With(NoKeys, "Production");

        var error = Record.Exception(() => factory.CreateClient());

        Assert.NotNull(error);
        Assert.Contains("Security:ApiKeys:0:Key", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Security__ApiKeys__0__Key", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Production_refuses_demo_keys_and_weak_keys()
    {
        using var demo = ApiFactory.With(
            new Dictionary<string, string?>(NoKeys)
            {
                ["Security:ApiKeys:0:Key"] = "DEMO-ONLY-admin-key-do-not-use-in-production",
                ["Security:ApiKeys:0:Role"] = "admin",
                ["Security:ApiKeys:1:Key"] = "short",
                ["Security:ApiKeys:1:Role"] = "desk",
                ["Security:ApiKeys:2:Key"] = "another-long-enough-key",
                ["Security:ApiKeys:2:Role"] = "superuser",
            },
            "Production"
        );

        var error = Record.Exception(() => demo.CreateClient())?.ToString() ?? string.Empty;

        Assert.Contains("Security:ApiKeys:0:Key is a published demo key", error, StringComparison.Ordinal);
        Assert.Contains("Security:ApiKeys:1:Key must be at least 16", error, StringComparison.Ordinal);
        Assert.Contains("Security:ApiKeys:2:Role must be one of", error, StringComparison.Ordinal);
        Assert.DoesNotContain("DEMO-ONLY-admin-key-do-not-use-in-production", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_with_an_admin_key_from_configuration_starts()
    {
        using var factory = ApiFactory.With(
            new Dictionary<string, string?>(NoKeys)
            {
                ["Security:ApiKeys:0:Key"] = "production-admin-key-0001",
                ["Security:ApiKeys:0:Role"] = "admin",
            },
            "Production"
        );
        using var api = factory.Client("production-admin-key-0001");

        await api.GetAsync("/api/v1/doctors");
        Assert.Contains(
            factory.Logs.Lines,
            l => l.Contains("API keys configured: 1 (admin)", StringComparison.Ordinal)
        );
        Assert.DoesNotContain(
            factory.Logs.Lines,
            l => l.Contains("production-admin-key-0001", StringComparison.Ordinal)
        );
    }

    [Fact]
    public async Task Development_with_a_configured_key_accepts_none_of_the_demo_keys()
    {
        using var factory = ApiFactory.With(
            new Dictionary<string, string?>(NoKeys)
            {
                ["Security:ApiKeys:0:Key"] = "configured-admin-key-0001",
                ["Security:ApiKeys:0:Role"] = "admin",
            },
            "Development"
        );
        using var configured = factory.Client("configured-admin-key-0001");

        await configured.GetAsync("/api/v1/doctors");
        foreach (var role in (string[])["admin", "desk", "clinician", "display"])
        {
            using var demo = factory.Client($"DEMO-ONLY-{role}-key-do-not-use-in-production");
            var problem = await demo.GetAsync("/api/v1/slots/S-D1-20261121-1/queue", HttpStatusCode.Unauthorized);
            Assert.Equal("unauthorized", (string)problem!["code"]!);
        }

        Assert.Contains(
            factory.Logs.Lines,
            l => l.Contains("API keys configured: 1 (admin)", StringComparison.Ordinal)
        );
        Assert.DoesNotContain(
            factory.Logs.Lines,
            l =>
                l.StartsWith("Warning", StringComparison.Ordinal)
                && l.Contains("DEMO API keys", StringComparison.Ordinal)
        );
    }

    [Fact]
    public async Task Development_runs_on_the_marked_demo_keys_and_says_so()
    {
        using var factory = ApiFactory.With(
            new Dictionary<string, string?>(NoKeys) { ["Demo:Seed"] = null },
            "Development"
        );
        using var api = factory.Client("DEMO-ONLY-admin-key-do-not-use-in-production");

        var doctors = (await api.GetAsync("/api/v1/doctors"))!.AsArray();

        Assert.Equal(3, doctors.Count);
        Assert.Contains(
            factory.Logs.Lines,
            l =>
                l.StartsWith("Warning", StringComparison.Ordinal)
                && l.Contains("DEMO API keys", StringComparison.Ordinal)
        );
        using var display = factory.Client("DEMO-ONLY-display-key-do-not-use-in-production");
        await display.GetAsync("/api/v1/doctors", HttpStatusCode.Forbidden);
    }
}
