using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace OpdTokens.Samples.Api.Problems;

/// <summary>Builds RFC 9457 problem responses (<c>application/problem+json</c>) with the contract's <c>code</c>
/// member.</summary>
internal static class ApiProblem
{
    /// <summary>The problem's <c>code</c> member.</summary>
    public const string CodeMember = "code";

    /// <summary>The per-field messages of a <c>validation_failed</c> problem.</summary>
    public const string ErrorsMember = "errors";

    public static ProblemHttpResult Create(
        int status,
        string code,
        string title,
        string detail,
        IEnumerable<KeyValuePair<string, object?>>? members = null
    )
    {
        var extensions = new Dictionary<string, object?>(StringComparer.Ordinal) { [CodeMember] = code };
        foreach (var (name, value) in members ?? [])
        {
            extensions[name] = value;
        }

        return TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);
    }

    public static ProblemHttpResult Validation(IReadOnlyDictionary<string, string[]> errors, string? detail = null) =>
        Create(
            StatusCodes.Status400BadRequest,
            ProblemCodes.ValidationFailed,
            "The request is not valid.",
            detail ?? "One or more fields are not valid; see errors.",
            [new(ErrorsMember, errors)]
        );

    public static ProblemHttpResult NotFound(string detail) =>
        Create(StatusCodes.Status404NotFound, ProblemCodes.NotFound, "Not found.", detail);
}
