using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpdTokens.Allocation;

namespace OpdTokens.Docs.Snippets;

/// <summary>The host wiring of docs/articles/aspnetcore.md.</summary>
public static class AspNetCoreHost
{
    public static WebApplication Build(string[] args)
    {
        #region host
        var builder = WebApplication.CreateBuilder(args);

        // One engine per process. Its settings come from the "OpdTokens" section: appsettings.json, environment
        // variables (OpdTokens__MaxBumpsPerToken=3), the command line; they are validated when the host starts.
        builder.Services.AddSingleton(TimeProvider.System);
        builder
            .Services.AddOpdTokenAllocation()
            .AddEventSink<AuditTrailSink>()
            .Options.BindConfiguration(OpdTokenAllocationOptions.DefaultSectionName);

        // Enum values as lower snake_case strings ("walk_in"), as in the sample host's HTTP contract.
        builder.Services.ConfigureHttpJsonOptions(json =>
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower))
        );

        var app = builder.Build();
        app.MapPost("/api/v1/tokens", TokenEndpoints.AllocateAsync);
        #endregion

        return app;
    }
}
