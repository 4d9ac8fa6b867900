using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using OpdTokens.Allocation;
using OpdTokens.Samples.Api.Json;

namespace OpdTokens.Samples.Api.Problems;

/// <summary>Turns exceptions into problem responses: unreadable requests into 400 (or the status the server chose,
/// such as 413), a failing state store into a 503 the client may retry, anything unexpected into a 500 that reveals
/// nothing.</summary>
/// <remarks>Only the exception's type is logged: messages of third-party exceptions may quote request data, and
/// request data may be personal.</remarks>
internal sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>The field name for problems of the body as a whole.</summary>
    private const string BodyField = "body";

    /// <summary>The <c>Retry-After</c> of a store failure, in seconds: long enough for a dropped connection to be
    /// re-established, short enough for a desk clerk to wait.</summary>
    public const int StoreRetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(
        HttpContext httpContext,
        Exception exception,
        CancellationToken cancellationToken
    )
    {
        if (httpContext.Response.HasStarted)
        {
            return false;
        }

        var result = exception switch
        {
            BadHttpRequestException bad => FromBadRequest(bad),
            StateStoreException store => StoreUnavailable(httpContext, store),
            _ => Unexpected(httpContext, exception),
        };
        await result.ExecuteAsync(httpContext);
        return true;
    }

    private static ProblemHttpResult FromBadRequest(BadHttpRequestException exception)
    {
        if (exception.StatusCode != StatusCodes.Status400BadRequest)
        {
            return ApiProblem.Create(
                exception.StatusCode,
                ProblemCodes.ForStatus(exception.StatusCode),
                exception.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? "The request body is too large."
                    : "The request cannot be processed.",
                exception.StatusCode switch
                {
                    StatusCodes.Status413PayloadTooLarge => "Request bodies are limited to 16 KB.",
                    StatusCodes.Status415UnsupportedMediaType => "Send the request body as application/json.",
                    _ => "The request cannot be processed.",
                }
            );
        }

        var (field, message) = exception.InnerException switch
        {
            WireFormatException format => (FieldOf(format.Path), format.Hint),
            // The reader's own exception inside means broken syntax (truncated, unquoted, trailing garbage).
            JsonException json when json.InnerException is JsonException || FieldOf(json.Path) == BodyField => (
                BodyField,
                "The request body is not valid JSON."
            ),
            JsonException json => (FieldOf(json.Path), "The value has the wrong type or format."),
            _ => (BodyField, "A JSON request body is required."),
        };
        return ApiProblem.Validation(new Dictionary<string, string[]> { [field] = [message] });
    }

    /// <summary>The contract's field name from a JSON path such as <c>$.patientName</c>.</summary>
    private static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return BodyField;
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    /// <summary>The engine shows nothing of a command whose commit failed, and the commit almost always did not
    /// reach the database; retrying an allocation with the same <c>Idempotency-Key</c> is safe even when it did.</summary>
    private ProblemHttpResult StoreUnavailable(HttpContext httpContext, StateStoreException exception)
    {
        LogStoreFailure(
            logger,
            exception.InnerException?.GetType().FullName ?? exception.GetType().FullName,
            httpContext.TraceIdentifier
        );
        httpContext.Response.Headers.RetryAfter = StoreRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return ApiProblem.Create(
            StatusCodes.Status503ServiceUnavailable,
            ProblemCodes.StoreUnavailable,
            "The token store is unavailable.",
            string.Create(
                CultureInfo.InvariantCulture,
                $"The request could not be completed; retry in {StoreRetryAfterSeconds} s, with the same Idempotency-Key for a token request."
            )
        );
    }

    private ProblemHttpResult Unexpected(HttpContext httpContext, Exception exception)
    {
        LogUnexpected(logger, exception.GetType().FullName, httpContext.TraceIdentifier);
        return ApiProblem.Create(
            StatusCodes.Status500InternalServerError,
            ProblemCodes.InternalError,
            "An unexpected error occurred.",
            "The error has been logged; quote the trace id when reporting it."
        );
    }

    [LoggerMessage(
        EventId = 1,
        Level = LogLevel.Error,
        Message = "Unexpected {ExceptionType} while handling request {TraceId}."
    )]
    private static partial void LogUnexpected(ILogger logger, string? exceptionType, string traceId);

    [LoggerMessage(
        EventId = 2,
        Level = LogLevel.Error,
        Message = "The state store failed with {ExceptionType} while handling request {TraceId}."
    )]
    private static partial void LogStoreFailure(ILogger logger, string? exceptionType, string traceId);
}
