using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OpdTokens.Samples.Api.OpenApi;

/// <summary>The document's title, licence, tags and server: the same for every caller, so a generated client and a
/// cached copy never depend on who fetched the document.</summary>
internal sealed class DocumentInfo(IConfiguration configuration) : IOpenApiDocumentTransformer
{
    /// <summary>The configuration key of the server URL the document advertises; <c>/</c> (relative to wherever the
    /// document was read) when unset.</summary>
    public const string ServerUrlKey = "OpenApi:ServerUrl";

    private static readonly (string Name, string Description)[] Tags =
    [
        ("Doctors", "The doctor registry and delay reports."),
        ("Slots", "A doctor's consultation slots."),
        ("Queues", "A slot's waiting tokens in rank order, once or live."),
        ("Tokens", "Allocation, look-ups and the token's day: check-in, consultation, completion, cancellation."),
        ("Analytics", "Figures of a slot, a doctor-day and the whole service."),
        ("Board", "Waiting-room boards, once or live, and the board links that let a screen read them."),
        (
            "Notifications",
            "Patient notifications (admin only): the outbox's counts, the notifications given up on and their retry."
        ),
        ("Health", "Liveness and readiness probes; no key needed."),
    ];

    public Task TransformAsync(
        OpenApiDocument document,
        OpenApiDocumentTransformerContext context,
        CancellationToken cancellationToken
    )
    {
        document.Info = new OpenApiInfo
        {
            Title = "OpdTokens API",
            Version = "v1",
            Description =
                "Hands out OPD tokens: which slot a patient gets, in which order patients are seen, and what happens "
                + "on cancellations, no-shows, emergencies and late doctors. Errors are RFC 9457 problem details "
                + "(application/problem+json) with a `code` member to branch on.",
            Contact = new OpenApiContact { Name = "OpdTokens maintainers" },
            License = new OpenApiLicense { Name = "MIT", Url = new Uri("https://opensource.org/licenses/MIT") },
        };
        var url = configuration[ServerUrlKey];
        document.Servers = [new OpenApiServer { Url = string.IsNullOrWhiteSpace(url) ? "/" : url.Trim() }];
        document.Tags = new HashSet<OpenApiTag>(
            Tags.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description })
        );
        return Task.CompletedTask;
    }
}
