using Microsoft.AspNetCore.Http.Features;
using OpdTokens.Samples.Api.Problems;

namespace OpdTokens.Samples.Api.Security;

/// <summary>Refuses request bodies over 16 KB with 413: declared lengths at once, streamed bodies when they cross the
/// limit, whatever the server.</summary>
internal sealed class RequestBodyLimit(RequestDelegate next)
{
    public const int MaxBytes = 16 * 1024;

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBytes)
        {
            return TooLarge().ExecuteAsync(context);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } serverLimit)
        {
            serverLimit.MaxRequestBodySize = MaxBytes;
        }

        // Servers that do not enforce a limit themselves (in-process test servers) are covered by this stream.
        context.Request.Body = new LimitedReadStream(context.Request.Body, MaxBytes);
        return next(context);
    }

    public static IResult TooLarge() =>
        ApiProblem.Create(
            StatusCodes.Status413PayloadTooLarge,
            ProblemCodes.PayloadTooLarge,
            "The request body is too large.",
            "Request bodies are limited to 16 KB."
        );
}
