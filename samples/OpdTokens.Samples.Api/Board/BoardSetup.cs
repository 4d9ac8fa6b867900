using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpdTokens.Samples.Api.Security;

namespace OpdTokens.Samples.Api.Board;

/// <summary>Registers the waiting-room boards and the consulting room: board links and their cookie scheme, the
/// board policy, the call-next service, and their endpoints and pages.</summary>
internal static class BoardSetup
{
    /// <summary>Reads a board: API keys that may read queues, and board links (display role) within their doctors.</summary>
    public const string ReadBoardPolicy = "read-board";

    public static IServiceCollection AddBoards(this IServiceCollection services)
    {
        services
            .AddOptions<BoardOptions>()
            .BindConfiguration(BoardOptions.SectionName)
            .Validate(Valid, "Board settings out of range: MaxDoctors 1-12, NextTokens 1-20, RefreshSeconds 5-300.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<BoardLinkStore>();
        services.AddSingleton<ConsultingRoom>();
        services
            .AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, BoardLinkAuthenticationHandler>(
                BoardLinkAuthenticationHandler.SchemeName,
                null
            );
        services
            .AddAuthorizationBuilder()
            .AddPolicy(
                ReadBoardPolicy,
                policy =>
                    policy
                        .AddAuthenticationSchemes(ApiKeyDefaults.Scheme, BoardLinkAuthenticationHandler.SchemeName)
                        .RequireRole(ApiPolicies.Roles[ApiPolicies.ReadQueues])
            );
        return services;
    }

    public static WebApplication MapBoards(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1");
        api.MapBoardFeed().MapBoardLinks().MapConsultingRoom();
        app.MapBoardSession().MapBoardPages();
        return app;
    }

    private static bool Valid(BoardOptions options) =>
        options.MaxDoctors is >= 1 and <= 12
        && options.NextTokens is >= 1 and <= 20
        && options.RefreshSeconds is >= 5 and <= 300;
}
