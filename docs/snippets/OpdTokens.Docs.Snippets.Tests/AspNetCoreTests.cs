using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpdTokens.Allocation;

namespace OpdTokens.Docs.Snippets.Tests;

public sealed class AspNetCoreTests
{
    private static readonly ClaimsPrincipal Desk = new(new ClaimsIdentity([new Claim(ClaimTypes.Role, "desk")], "key"));

    [Fact]
    public async Task Host_binds_the_OpdTokens_section_from_appsettings_and_the_command_line()
    {
        await using var app = AspNetCoreHost.Build(["--OpdTokens:MaxBumpsPerToken=4"]);

        var options = app.Services.GetRequiredService<IOptions<OpdTokenAllocationOptions>>().Value;
        Assert.Equal(4, options.MaxBumpsPerToken);
        Assert.Equal("OPD", options.TokenNumberPrefix);
        Assert.NotNull(app.Services.GetRequiredService<IAllocationEngine>());
    }

    [Fact]
    public void Appsettings_sample_is_valid()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"))
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddOpdTokenAllocation().Options.BindConfiguration(OpdTokenAllocationOptions.DefaultSectionName);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<OpdTokenAllocationOptions>>().Value;
        Assert.Equal("Asia/Kolkata", options.TimeZoneId);
        Assert.Equal(6, options.EmergencyOverflowPerDay);
        Assert.Equal(TimeSpan.FromDays(1), options.Tiered.EarlyBookingLeadTime);
    }

    [Fact]
    public async Task Endpoint_creates_the_token_and_maps_errors_to_problems()
    {
        using var example = await ExampleDay.StartAsync(new OpdTokenAllocationOptions(), 5);
        var body = new AllocateTokenBody("D1", "Asha", TokenSource.Online) { SlotId = "S-D1-20261121-1" };

        var created = await TokenEndpoints.AllocateAsync(body, "k-1", Desk, example.Engine, default);
        var badDoctor = await TokenEndpoints.AllocateAsync(
            body with
            {
                DoctorId = "D 1",
            },
            null,
            Desk,
            example.Engine,
            default
        );
        var reused = await TokenEndpoints.AllocateAsync(
            body with
            {
                PatientName = "Ravi",
            },
            "k-1",
            Desk,
            example.Engine,
            default
        );

        var location = Assert.IsType<Created<Allocation.AllocationResult>>(created.Result).Location;
        Assert.Equal("/api/v1/tokens/T-D1-20261121-1", location);
        var problem = Assert.IsType<ProblemHttpResult>(badDoctor.Result);
        Assert.Equal(400, problem.StatusCode);
        Assert.Equal("validation_failed", problem.ProblemDetails.Extensions["code"]);
        var conflict = Assert.IsType<ProblemHttpResult>(reused.Result);
        Assert.Equal(422, conflict.StatusCode);
        Assert.Equal("idempotency_key_reused", conflict.ProblemDetails.Extensions["code"]);
    }
}
