using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OpdTokens.Samples.Api.Problems;

namespace OpdTokens.Samples.Api.OpenApi;

/// <summary>The <c>ProblemDetails</c> schema as the host writes it: RFC 9457's members, always present, and the
/// contract's own (<c>code</c>, <c>errors</c>, <c>alternatives</c>, <c>existingToken</c>, <c>checks</c>), so a
/// generated client reads every member without hand edits.</summary>
internal sealed class ProblemSchema : IOpenApiDocumentTransformer
{
    public const string SchemaName = "ProblemDetails";

    /// <summary>Every <c>code</c> a problem of this host can carry.</summary>
    public static readonly string[] Codes =
    [
        ProblemCodes.ValidationFailed,
        ProblemCodes.Unauthorized,
        ProblemCodes.Forbidden,
        ProblemCodes.NotFound,
        ProblemCodes.MethodNotAllowed,
        ProblemCodes.InvalidTransition,
        ProblemCodes.SlotFull,
        ProblemCodes.SlotUnavailable,
        ProblemCodes.DoctorUnavailable,
        ProblemCodes.Conflict,
        ProblemCodes.DuplicatePatient,
        ProblemCodes.CapacityBelowOccupancy,
        ProblemCodes.RequestTimeout,
        ProblemCodes.LengthRequired,
        ProblemCodes.PayloadTooLarge,
        ProblemCodes.UriTooLong,
        ProblemCodes.UnsupportedMediaType,
        ProblemCodes.IdempotencyKeyReused,
        ProblemCodes.RateLimited,
        ProblemCodes.HeadersTooLarge,
        ProblemCodes.InternalError,
        ProblemCodes.StoreUnavailable,
    ];

    public Task TransformAsync(
        OpenApiDocument document,
        OpenApiDocumentTransformerContext context,
        CancellationToken cancellationToken
    )
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        document.Components.Schemas[SchemaName] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description =
                "An RFC 9457 problem. Branch on `code`; `title` and `detail` are for people and never repeat "
                + "personal data.",
            Required = new HashSet<string>(StringComparer.Ordinal) { "type", "title", "status", "detail", "code" },
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                ["type"] = Text("A URI reference naming the kind of problem (the HTTP status's section of RFC 9110)."),
                ["title"] = Text("A short summary of the kind of problem."),
                ["status"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer,
                    Format = "int32",
                    Description = "The HTTP status code.",
                },
                ["detail"] = Text("What went wrong with this request, in plain English."),
                ["instance"] = Text("A URI reference of this occurrence, when given."),
                ["code"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = "The contract's error code: what a client branches on.",
                    Enum = [.. Codes.Select(c => (JsonNode)JsonValue.Create(c))],
                },
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "validation_failed: the messages of each offending field (or body, request).",
                    AdditionalProperties = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Array,
                        Items = new OpenApiSchema { Type = JsonSchemaType.String },
                    },
                },
                ["alternatives"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    Description = "slot_full: slots with room offered instead.",
                    Items = new OpenApiSchemaReference("AlternativeResponse", document),
                },
                ["existingToken"] = new OpenApiSchema
                {
                    Description = "duplicate_patient: the token the patient already holds that day.",
                    OneOf =
                    [
                        new OpenApiSchema { Type = JsonSchemaType.Null },
                        new OpenApiSchemaReference("TokenResponse", document),
                    ],
                },
                ["checks"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "Readiness only: each check and whether it is healthy.",
                    AdditionalProperties = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        Enum = [JsonValue.Create("healthy"), JsonValue.Create("unhealthy")],
                    },
                },
                ["traceId"] = Text("The request's trace id, to quote when reporting a problem."),
            },
        };
        return Task.CompletedTask;
    }

    private static OpenApiSchema Text(string description) =>
        new() { Type = JsonSchemaType.String, Description = description };
}
