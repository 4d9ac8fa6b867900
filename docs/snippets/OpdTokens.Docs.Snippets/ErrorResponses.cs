using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using OpdTokens.Allocation;

namespace OpdTokens.Docs.Snippets;

/// <summary>Turns allocation errors into RFC 9457 problem responses.</summary>
public static class ErrorResponses
{
    #region problem-details
    public static ProblemHttpResult ToProblem(AllocationError error)
    {
        var status = error.Code switch
        {
            AllocationErrorCode.ValidationFailed => StatusCodes.Status400BadRequest,
            AllocationErrorCode.NotFound => StatusCodes.Status404NotFound,
            AllocationErrorCode.IdempotencyKeyReused => StatusCodes.Status422UnprocessableEntity,
            _ => StatusCodes.Status409Conflict, // slot full, invalid transition, duplicate patient, conflict, ...
        };

        // The message and the field errors never repeat personal data, so they are safe to return and to log.
        var extensions = new Dictionary<string, object?>
        {
            ["code"] = JsonNamingPolicy.SnakeCaseLower.ConvertName(error.Code.ToString()), // "slot_full"
        };
        if (!error.FieldErrors.IsEmpty)
        {
            extensions["errors"] = error
                .FieldErrors.GroupBy(f => f.Field)
                .ToDictionary(g => g.Key, g => g.Select(f => f.Message).ToArray());
        }

        if (!error.Alternatives.IsEmpty)
        {
            extensions["alternatives"] = error.Alternatives;
        }

        if (error.ExistingTokenId is { } existing)
        {
            extensions["existingToken"] = existing.ToString();
        }

        return TypedResults.Problem(error.Message, statusCode: status, extensions: extensions);
    }
    #endregion
}
