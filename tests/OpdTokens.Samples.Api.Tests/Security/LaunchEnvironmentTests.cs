using System.Net;
using OpdTokens.Samples.Api.Tests.Storage;

namespace OpdTokens.Samples.Api.Tests.Security;

/// <summary><c>dotnet run</c> as a developer or an operator types it: the launch profile means Development only when
/// nobody chose an environment.</summary>
public sealed class LaunchEnvironmentTests
{
    private const string DemoAdminKey = "DEMO-ONLY-admin-key-do-not-use-in-production";

    [Fact]
    public async Task An_explicit_production_environment_wins_over_the_launch_profile()
    {
        await using var sample = await SampleProcess.RunProjectAsync(
            new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Security__ApiKeys__0__Key"] = SampleProcess.AdminKey,
                ["Security__ApiKeys__0__Role"] = "admin",
            }
        );

        Assert.Contains(
            "Hosting environment: Production",
            await sample.OutputContainingAsync("Hosting environment:"),
            StringComparison.Ordinal
        );
        using var demo = new ApiClient(new HttpClient { BaseAddress = sample.Address });
        demo.Http.DefaultRequestHeaders.Add("X-Api-Key", DemoAdminKey);
        await demo.GetAsync("/api/v1/doctors", HttpStatusCode.Unauthorized);
        using var admin = sample.Client();
        Assert.Empty((await admin.GetAsync("/api/v1/doctors"))!.AsArray());
    }

    [Fact]
    public async Task Without_an_environment_dotnet_run_is_development_with_the_demo_day()
    {
        await using var sample = await SampleProcess.RunProjectAsync(new Dictionary<string, string>());

        Assert.Contains(
            "Hosting environment: Development",
            await sample.OutputContainingAsync("Hosting environment:"),
            StringComparison.Ordinal
        );
        using var demo = new ApiClient(new HttpClient { BaseAddress = sample.Address });
        demo.Http.DefaultRequestHeaders.Add("X-Api-Key", DemoAdminKey);
        Assert.Equal(3, (await demo.GetAsync("/api/v1/doctors"))!.AsArray().Count);
    }
}
