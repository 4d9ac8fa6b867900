using Microsoft.OpenApi;

namespace OpdTokens.Samples.Api.Board;

/// <summary>Corrects, operation by operation, what the host-wide OpenAPI transformer (<c>StandardResponses</c>)
/// assumes of every <c>/api</c> operation, where a board operation answers otherwise: the document lists exactly the
/// statuses each one gives.</summary>
/// <remarks>Endpoint transformers run after the host-wide ones, so they see (and may take back) what those
/// added.</remarks>
internal static class BoardOpenApi
{
    /// <summary>The operation reads memory only: no state store to be unavailable (503) and nothing that can fail
    /// unexpectedly (500).</summary>
    public static RouteHandlerBuilder ReachesNoStore(this RouteHandlerBuilder endpoint) =>
        endpoint.AddOpenApiOperationTransformer(
            (operation, _, _) =>
            {
                operation.Responses?.Remove("503");
                operation.Responses?.Remove("500");
                return Task.CompletedTask;
            }
        );

    /// <summary>The operation reaches no state store (no 503) but writes the board-links file: 500 when that file
    /// cannot be written.</summary>
    public static RouteHandlerBuilder WritesLinksFileOnly(this RouteHandlerBuilder endpoint) =>
        endpoint.AddOpenApiOperationTransformer(
            (operation, _, _) =>
            {
                operation.Responses?.Remove("503");
                if (operation.Responses?.GetValueOrDefault("500") is OpenApiResponse failed)
                {
                    failed.Description =
                        "internal_error: the board-links file (Board:LinksFile) could not be written; quote traceId "
                        + "when reporting it.";
                }

                return Task.CompletedTask;
            }
        );

    /// <summary>The operation also takes a board link's cookie, and refuses a link any doctor it does not name.</summary>
    public static RouteHandlerBuilder ReadByBoardLinks(this RouteHandlerBuilder endpoint) =>
        endpoint
            .AddOpenApiOperationTransformer(
                (operation, context, _) =>
                {
                    // Either credential will do: the document's API key requirement, or the screen's cookie.
                    var document = context.Document!;
                    document.Components ??= new OpenApiComponents();
                    document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                    document.Components.SecuritySchemes[BoardLinkAuthenticationHandler.SchemeName] =
                        new OpenApiSecurityScheme
                        {
                            Type = SecuritySchemeType.ApiKey,
                            In = ParameterLocation.Cookie,
                            Name = BoardLinkAuthenticationHandler.CookieName,
                            Description =
                                "A waiting-room screen's board-link cookie, set by POST /board/session; it reads the "
                                + "board of the link's doctors only.",
                        };
                    operation.Security =
                    [
                        new OpenApiSecurityRequirement
                        {
                            [new OpenApiSecuritySchemeReference(Security.ApiKeyDefaults.Scheme, document)] = [],
                        },
                        new OpenApiSecurityRequirement
                        {
                            [new OpenApiSecuritySchemeReference(BoardLinkAuthenticationHandler.SchemeName, document)] =
                            [],
                        },
                    ];
                    return Task.CompletedTask;
                }
            )
            .Describes(
                "401",
                "unauthorized: neither a valid X-Api-Key header nor a valid board-link cookie (the link may have been "
                    + "revoked)."
            )
            .Describes("403", "forbidden: this board link may not show one of the doctors.")
            .Describes("400", "validation_failed: doctors names no doctor id, or more than Board:MaxDoctors.")
            .Describes("404", "not_found: no doctor has one of the ids.");

    /// <summary>Says what a listed status means for this operation.</summary>
    public static RouteHandlerBuilder Describes(this RouteHandlerBuilder endpoint, string status, string description) =>
        endpoint.AddOpenApiOperationTransformer(
            (operation, _, _) =>
            {
                if (operation.Responses?.GetValueOrDefault(status) is OpenApiResponse response)
                {
                    response.Description = description;
                }

                return Task.CompletedTask;
            }
        );

    /// <summary>The operation lies outside <c>/api</c>, where the host-wide transformer adds no 429, yet the global
    /// rate limiter counts it: 429 with <c>Retry-After</c>, as everywhere else.</summary>
    public static RouteHandlerBuilder RateLimitedOutsideApi(this RouteHandlerBuilder endpoint) =>
        endpoint.AddOpenApiOperationTransformer(
            (operation, _, _) =>
            {
                if (operation.Responses?.GetValueOrDefault("429") is OpenApiResponse limited)
                {
                    limited.Description =
                        "rate_limited: this key, this board link (a screen that has its cookie) or this address "
                        + "(without either) used up its requests for the window.";
                    limited.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
                    limited.Headers["Retry-After"] = new OpenApiHeader
                    {
                        Description = "Seconds to wait before trying again.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
                    };
                }

                return Task.CompletedTask;
            }
        );
}
