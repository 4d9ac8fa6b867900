using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OpdTokens.Samples.Api.OpenApi;

/// <summary>Required properties of request bodies are not nullable in the document.</summary>
/// <remarks>The request records declare them nullable so that a missing one becomes a named 400 rather than a binding
/// failure; a client must still send them, and <c>null</c> is refused like absence, so the contract's type is the
/// non-null one.</remarks>
internal sealed class RequiredProperties : IOpenApiDocumentTransformer
{
    public Task TransformAsync(
        OpenApiDocument document,
        OpenApiDocumentTransformerContext context,
        CancellationToken cancellationToken
    )
    {
        foreach (var schema in (document.Components?.Schemas?.Values ?? []).OfType<OpenApiSchema>())
        {
            if (schema.Required is not { Count: > 0 } required || schema.Properties is null)
            {
                continue;
            }

            foreach (var name in required)
            {
                switch (schema.Properties.TryGetValue(name, out var found) ? found : null)
                {
                    case OpenApiSchema { OneOf: { Count: 2 } oneOf } wrapper
                        when oneOf.FirstOrDefault(s => s.Type != JsonSchemaType.Null) is { } nonNull:
                        schema.Properties[name] = wrapper.Description is null ? nonNull : NonNull(nonNull, wrapper);
                        break;
                    case OpenApiSchema { Type: { } type } property when type.HasFlag(JsonSchemaType.Null):
                        property.Type = type & ~JsonSchemaType.Null;
                        break;
                    default:
                        break;
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>A reference keeps its wrapper's description beside it (allowed in OpenAPI 3.1).</summary>
    private static IOpenApiSchema NonNull(IOpenApiSchema nonNull, OpenApiSchema wrapper) =>
        nonNull is OpenApiSchemaReference reference
            ? new OpenApiSchemaReference(reference.Reference.Id!, reference.Reference.HostDocument)
            {
                Description = wrapper.Description,
            }
            : nonNull;
}
