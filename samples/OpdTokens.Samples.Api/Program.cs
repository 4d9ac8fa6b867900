using OpdTokens.Allocation;
using OpdTokens.Samples.Api.Audit;
using OpdTokens.Samples.Api.Board;
using OpdTokens.Samples.Api.Demo;
using OpdTokens.Samples.Api.Endpoints;
using OpdTokens.Samples.Api.Health;
using OpdTokens.Samples.Api.Hosting;
using OpdTokens.Samples.Api.Json;
using OpdTokens.Samples.Api.Live;
using OpdTokens.Samples.Api.Notifications;
using OpdTokens.Samples.Api.OpenApi;
using OpdTokens.Samples.Api.Presentation;
using OpdTokens.Samples.Api.Problems;
using OpdTokens.Samples.Api.Security;
using OpdTokens.Samples.Api.Server;
using OpdTokens.Samples.Api.Storage;
using OpdTokens.Samples.Api.Telemetry;

// "dotnet run" means Development unless the caller chose an environment (see launchSettings.json).
args = LaunchEnvironment.Apply(args);

#region AspNetCoreWiring
var builder = WebApplication.CreateBuilder(args);

// The engine: in-memory store and tiered policy unless chosen otherwise; settings such as TimeZoneId and
// EmergencyOverflowPerSlot come from the "OpdTokens" section of appsettings.json and are validated at start-up.
var allocation = builder.Services.AddOpdTokenAllocation();
allocation.Options.BindConfiguration(OpdTokenAllocationOptions.DefaultSectionName);

// Every committed change reaches the event sinks after the engine's lock is released; this one is the audit trail.
allocation.AddEventSink<AuditTrailSink>();
#endregion

builder.Configuration.AddCommandLine(args, StorageSelection.SwitchMappings);
builder.WebHost.UseDefaultUrlUnlessConfigured(builder.Configuration);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureApiServer());

// "--store inmemory|sqlite|postgres" (or Storage:Provider) picks the engine's store, ConnectionStrings:OpdTokens
// names the database; the live queue feed hears every commit.
allocation.UseConfiguredStore(builder.Configuration, builder.Environment.ContentRootPath);

// Patient notifications through the store's outbox: off unless OpdTokens:Notifications:Enabled is true; channels and
// dispatcher settings come from the same section (see Notifications/NotificationSetup.cs).
allocation.AddConfiguredNotifications(builder.Configuration);
builder.Services.AddSingleton<QueueFeed>();
allocation.AddEventSink(services => services.GetRequiredService<QueueFeed>());

builder.Services.ConfigureHttpJsonOptions(json => ApiJson.Configure(json.SerializerOptions));
builder.Services.AddApiProblems();
builder.Services.AddApiSecurity();
builder.Services.AddApiHealth();
builder.Services.AddApiTelemetry(builder.Configuration);
builder.Services.AddContractOpenApi();
builder.Services.AddSingleton<TokenPresenter>();
builder.Services.AddSingleton<AllocationProblems>();
builder.Services.AddHostedService<DemoDaySeeder>();
builder.Services.AddBoards();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMiddleware<RequestBodyLimit>();
app.UseRouting();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();
app.MapApi();
app.MapApiTelemetry();
app.MapBoards();

app.Run();

/// <summary>The host's entry point; public so tests can start it with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
