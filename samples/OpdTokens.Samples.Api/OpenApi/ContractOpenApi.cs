using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OpdTokens.Samples.Api.Json;
using OpdTokens.Samples.Api.Security;

namespace OpdTokens.Samples.Api.OpenApi;

/// <summary>Makes <c>/openapi/v1.json</c> describe the wire format the host really speaks (snake_case enum strings,
/// <c>YYYY-MM-DD</c> dates, <c>HH:mm</c> times, the <c>X-Api-Key</c> header) completely enough for a client generator:
/// every answer of every operation, the problem schema, the limits of every field, a fixed server URL.</summary>
internal static class ContractOpenApi
{
    public static IServiceCollection AddContractOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddSchemaTransformer(DescribeWireFormats);
            options.AddDocumentTransformer(DescribeApiKey);
            options.AddDocumentTransformer<DocumentInfo>();
            options.AddDocumentTransformer<ProblemSchema>();
            options.AddDocumentTransformer<RequiredProperties>();
            options.AddOperationTransformer<ParameterSchemas>();
            options.AddOperationTransformer<StandardResponses>();
            options.AddOperationTransformer(
                (operation, context, _) =>
                {
                    // Anonymous endpoints (health) need no key, whatever the document-wide requirement says.
                    if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any())
                    {
                        operation.Security = [];
                    }

                    return Task.CompletedTask;
                }
            );
        });

    private static Task DescribeWireFormats(
        OpenApiSchema schema,
        OpenApiSchemaTransformerContext context,
        CancellationToken cancellationToken
    )
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (type.IsEnum)
        {
            schema.Type = JsonSchemaType.String;
            schema.Enum =
            [
                .. Enum.GetNames(type).Select(name => (JsonNode)JsonValue.Create(WireNames.Policy.ConvertName(name))),
            ];
        }
        else if (type == typeof(DateOnly))
        {
            schema.Type = JsonSchemaType.String;
            schema.Format = "date";
            schema.Pattern = @"^\d{4}-\d{2}-\d{2}$";
        }
        else if (type == typeof(TimeOnly))
        {
            schema.Type = JsonSchemaType.String;
            schema.Format = null;
            schema.Pattern = @"^([01]\d|2[0-3]):[0-5]\d$";
        }

        return Task.CompletedTask;
    }

    private static Task DescribeApiKey(
        OpenApiDocument document,
        OpenApiDocumentTransformerContext context,
        CancellationToken cancellationToken
    )
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyDefaults.Scheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyDefaults.HeaderName,
            Description = "An API key; its role (admin, desk, clinician, display) decides what it may do.",
        };
        document.Security ??= [];
        document.Security.Add(
            new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(ApiKeyDefaults.Scheme, document)] = [],
            }
        );
        return Task.CompletedTask;
    }
}
