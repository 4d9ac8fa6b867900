using System.Globalization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OpdTokens.Samples.Api.Contracts;
using OpdTokens.Samples.Api.Endpoints;
using OpdTokens.Samples.Api.Paging;

namespace OpdTokens.Samples.Api.OpenApi;

/// <summary>Types and describes the parameters the handlers read as strings (so that bad values become named 400s
/// rather than binding failures): dates as <c>format: date</c>, <c>status</c> as the status enum, <c>limit</c> with its
/// range and default, the <c>Idempotency-Key</c> with its length and alphabet.</summary>
internal sealed class ParameterSchemas : IOpenApiOperationTransformer
{
    public Task TransformAsync(
        OpenApiOperation operation,
        OpenApiOperationTransformerContext context,
        CancellationToken cancellationToken
    )
    {
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            switch (parameter.In, parameter.Name)
            {
                case (_, "date"):
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" };
                    parameter.Description =
                        parameter.In == ParameterLocation.Path
                            ? "The day, YYYY-MM-DD."
                            : "The day, YYYY-MM-DD; defaults to the slot's date when slotId is given, else today in "
                                + "the hospital's time zone (OpdTokens:TimeZoneId).";
                    break;
                case (ParameterLocation.Query, "status"):
                    parameter.Schema = new OpenApiSchemaReference("TokenStatus", context.Document);
                    parameter.Description = "Only tokens in this status.";
                    break;
                case (ParameterLocation.Query, PageRequest.LimitParameter):
                    parameter.Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Integer,
                        Format = "int32",
                        Minimum = "1",
                        Maximum = PageRequest.MaxLimit.ToString(CultureInfo.InvariantCulture),
                        Default = PageRequest.DefaultLimit,
                    };
                    parameter.Description =
                        $"The most items in one page: 1 to {PageRequest.MaxLimit}, {PageRequest.DefaultLimit} when absent.";
                    break;
                case (ParameterLocation.Query, PageRequest.CursorParameter):
                    parameter.Description =
                        "Where the page starts: the Next-Cursor of the previous page (opaque; only valid with the "
                        + "same filters).";
                    break;
                case (ParameterLocation.Query, "doctorId"):
                    parameter.Description = "Only this doctor's items.";
                    break;
                case (ParameterLocation.Query, "slotId"):
                    parameter.Description = "Only this slot's tokens.";
                    break;
                case (ParameterLocation.Header, TokenEndpoints.IdempotencyKeyHeader):
                    parameter.Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        MinLength = 1,
                        MaxLength = ContractLimits.MaxIdempotencyKeyLength,
                        Pattern = ContractLimits.IdempotencyKeyPattern,
                    };
                    parameter.Description =
                        "1 to 64 printable ASCII characters. A repeat within the doctor-day returns the first answer "
                        + "(200, Idempotent-Replayed: true); the same key with a different request is 422.";
                    break;
                case (ParameterLocation.Path, _):
                    parameter.Description ??= "The id.";
                    break;
                default:
                    break;
            }
        }

        return Task.CompletedTask;
    }
}
