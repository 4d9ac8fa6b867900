using System.Globalization;

namespace OpdTokens.Samples.Api.Problems;

/// <summary>A result that also tells the client when to try again (<c>Retry-After</c>, in seconds).</summary>
internal sealed class RetryAfterResult(IResult inner, int seconds) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return inner.ExecuteAsync(httpContext);
    }
}
