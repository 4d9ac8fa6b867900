using OpdTokens.Samples.Api.Health;
using OpdTokens.Samples.Api.Notifications;

namespace OpdTokens.Samples.Api.Endpoints;

/// <summary>Maps the whole HTTP contract: <c>/api/v1/...</c>, <c>/health</c>, <c>/health/ready</c> and <c>/openapi/v1.json</c>.</summary>
internal static class ApiEndpoints
{
    public static WebApplication MapApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1");
        api.MapDoctors().MapSlots().MapQueues().MapTokens().MapAnalytics().MapNotificationAdmin();

        app.MapApiHealth();
        app.MapOpenApi().AllowAnonymous().DisableRateLimiting();
        return app;
    }
}
