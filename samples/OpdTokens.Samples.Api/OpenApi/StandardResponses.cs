using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using OpdTokens.Samples.Api.Security;

namespace OpdTokens.Samples.Api.OpenApi;

/// <summary>Adds to each operation the answers the host's middleware gives, which the endpoint's own metadata cannot
/// know: 401 and 403 from the key check, 429 from the rate limiter, 413 and 415 from body reading, 500 and 503 from the
/// exception handler; and the headers that come with them (<c>Retry-After</c>) and with pages (<c>Link</c>).</summary>
/// <remarks>Each status is added only where it can happen: 403 where some role is refused, 429 where the endpoint is
/// rate limited, 413 and 415 where it reads a body, 500 and 503 where it reaches the state store.</remarks>
internal sealed class StandardResponses : IOpenApiOperationTransformer
{
    /// <summary>The operations that answer a page at a time.</summary>
    public static readonly string[] PagedOperations = ["listTokens", "listSlots", "listDeadLetters"];

    public Task TransformAsync(
        OpenApiOperation operation,
        OpenApiOperationTransformerContext context,
        CancellationToken cancellationToken
    )
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var path = "/" + (context.Description.RelativePath ?? string.Empty);
        var isApi = path.StartsWith("/api/", StringComparison.Ordinal);
        operation.Responses ??= [];
        var document = context.Document;

        if (isApi && !metadata.OfType<IAllowAnonymous>().Any())
        {
            Add(operation, document, "401", "unauthorized: the X-Api-Key header is missing or names no key.");
            var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToList();
            if (policies.Any(p => ApiPolicies.Roles.TryGetValue(p, out var roles) && roles.Length < ApiRoles.All.Count))
            {
                Add(operation, document, "403", "forbidden: this key's role may not do this.");
            }
        }

        if (isApi && !metadata.OfType<DisableRateLimitingAttribute>().Any())
        {
            Add(
                operation,
                document,
                "429",
                "rate_limited: this key (or, without a key, this board link or this address) used up its requests for the window.",
                RetryAfter(document)
            );
        }

        if (context.Description.ParameterDescriptions.Any(p => p.Source == BindingSource.Body))
        {
            Add(operation, document, "400", "validation_failed: see errors for each field.");
            Add(operation, document, "413", "payload_too_large: request bodies are limited to 16 KB.");
            Add(operation, document, "415", "unsupported_media_type: send the body as application/json.");
        }

        if (isApi || path == "/health/ready")
        {
            Add(
                operation,
                document,
                "503",
                "store_unavailable: the state store did not answer; retry after Retry-After seconds (with the same "
                    + "Idempotency-Key for a token request).",
                RetryAfter(document)
            );
        }

        if (isApi)
        {
            Add(operation, document, "500", "internal_error: an unexpected failure; quote traceId when reporting it.");
        }

        if (operation.Responses.TryGetValue("409", out var conflict) && conflict is OpenApiResponse conflictResponse)
        {
            conflictResponse.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
            conflictResponse.Headers["Retry-After"] = RetryAfter(document)["Retry-After"];
        }

        if (
            PagedOperations.Contains(operation.OperationId)
            && operation.Responses.TryGetValue("200", out var ok)
            && ok is OpenApiResponse page
        )
        {
            page.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
            page.Headers["Link"] = Header(
                "The next page, as `<url>; rel=\"next\"` (RFC 8288); absent on the last page."
            );
            page.Headers["Next-Cursor"] = Header("The `cursor` of the next page; absent on the last page.");
        }

        return Task.CompletedTask;
    }

    private static void Add(
        OpenApiOperation operation,
        OpenApiDocument? document,
        string status,
        string description,
        Dictionary<string, IOpenApiHeader>? headers = null
    )
    {
        if (operation.Responses!.TryGetValue(status, out var existing) && existing is OpenApiResponse known)
        {
            known.Description = description;
            return;
        }

        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Headers = headers,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                ["application/problem+json"] = new OpenApiMediaType
                {
                    Schema = new OpenApiSchemaReference(ProblemSchema.SchemaName, document),
                },
            },
        };
    }

    private static Dictionary<string, IOpenApiHeader> RetryAfter(OpenApiDocument? document) =>
        new(StringComparer.Ordinal)
        {
            ["Retry-After"] = new OpenApiHeader
            {
                Description = "Seconds to wait before trying again.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
            },
        };

    private static OpenApiHeader Header(string description) =>
        new()
        {
            Description = description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        };
}
