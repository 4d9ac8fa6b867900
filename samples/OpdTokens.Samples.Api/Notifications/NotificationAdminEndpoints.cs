using OpdTokens.Allocation;
using OpdTokens.Allocation.Storage;
using OpdTokens.Samples.Api.Contracts;
using OpdTokens.Samples.Api.Paging;
using OpdTokens.Samples.Api.Problems;
using OpdTokens.Samples.Api.Security;

namespace OpdTokens.Samples.Api.Notifications;

/// <summary><c>/api/v1/admin/notifications</c>: the outbox's counts, its dead letters a page at a time, and a retry of
/// one dead letter. Admin only.</summary>
/// <remarks>The three shipped stores keep an outbox (<see cref="IOutboxStore"/>); with a store that keeps none the
/// outbox reads as empty.</remarks>
internal static class NotificationAdminEndpoints
{
    private const string UnknownDeadLetter = "No dead letter has this id: it was never given up on, or it was retried.";

    private const string EventIdRule = "An event id looks like E-{doctor}-{yyyyMMdd}-{version}-{sequence}.";

    public static RouteGroupBuilder MapNotificationAdmin(this RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin/notifications")
            .WithTags("Notifications")
            .RequireAuthorization(ApiPolicies.ManageNotifications);
        admin
            .MapGet("/outbox", CountAsync)
            .WithName("getOutboxCounts")
            .WithSummary("Count the notification outbox.")
            .WithDescription(
                "Events waiting for delivery (pending), delivered and not pruned yet, and given up on (deadLetters); enabled tells whether notifications are on (`OpdTokens:Notifications:Enabled`)."
            )
            .Produces<OutboxCountsResponse>();
        admin
            .MapGet("/dead-letters", ListAsync)
            .WithName("listDeadLetters")
            .WithSummary("List the notifications given up on.")
            .WithDescription(
                "Events whose delivery failed past the retry budget or was refused for good, by event id (doctor-day, then the order they happened in), a page at a time (`limit`, default 200, at most 1000; the next page is linked in the `Link` header and its cursor is in `Next-Cursor`). Each names its token, not the patient."
            )
            .Produces<IReadOnlyList<DeadLetterResponse>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        admin
            .MapPost("/dead-letters/{eventId}/retry", RetryAsync)
            .WithName("retryDeadLetter")
            .WithSummary("Retry a notification given up on.")
            .WithDescription(
                "Makes the dead letter pending again with a fresh retry budget, due at once: a dispatcher delivers it in its next round (within `PollInterval`), once no instance is delivering its doctor-day. 404 when the id names no dead letter (never given up on, or already retried)."
            )
            .Produces(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> CountAsync(IStateStore store, CancellationToken cancellationToken)
    {
        if (store is not IOutboxStore outbox)
        {
            return TypedResults.Ok(new OutboxCountsResponse(false, 0, 0, 0));
        }

        var counts = await outbox.CountOutboxAsync(cancellationToken);
        return TypedResults.Ok(
            new OutboxCountsResponse(outbox.IsOutboxEnabled, counts.Pending, counts.Delivered, counts.DeadLetters)
        );
    }

    private static async Task<IResult> ListAsync(
        string? limit,
        string? cursor,
        IStateStore store,
        HttpContext httpContext,
        CancellationToken cancellationToken
    )
    {
        var errors = new RequestErrors();
        var page = PageRequest.Read(limit, cursor, "dead-letters", errors);
        if (page is null)
        {
            return errors.ToResult();
        }

        AllocationEventId? after = null;
        if (page.After is not null)
        {
            if (!AllocationEventId.TryParse(page.After, out var last))
            {
                errors.Add(PageRequest.CursorParameter, "The cursor is not one this list gave out.");
                return errors.ToResult();
            }

            after = last;
        }

        if (store is not IOutboxStore outbox)
        {
            return TypedResults.Ok(Array.Empty<DeadLetterResponse>());
        }

        // One more than the page tells whether another page follows.
        var entries = await outbox.ListDeadLettersAsync(page.Limit + 1, after, cancellationToken);
        return TypedResults.Ok(Page.OfCut(entries, e => e.Id.ToString(), page, httpContext).Select(Present).ToList());
    }

    private static async Task<IResult> RetryAsync(
        string eventId,
        IStateStore store,
        TimeProvider time,
        CancellationToken cancellationToken
    )
    {
        if (!AllocationEventId.TryParse(eventId, out var id))
        {
            var errors = new RequestErrors();
            errors.Add(nameof(eventId), EventIdRule);
            return errors.ToResult();
        }

        if (store is not IOutboxStore outbox)
        {
            return ApiProblem.NotFound(UnknownDeadLetter);
        }

        return await outbox.RetryDeadLetterAsync(id, time.GetUtcNow(), cancellationToken)
            ? TypedResults.Accepted((string?)null)
            : ApiProblem.NotFound(UnknownDeadLetter);
    }

    private static DeadLetterResponse Present(OutboxEntry entry) =>
        new(
            entry.Id.ToString(),
            EventKinds.Of(entry.Event),
            entry.Id.Partition.Doctor.Value,
            entry.Id.Partition.Date,
            entry.Id.Version,
            entry.Id.Sequence,
            EventKinds.TokenOf(entry.Event)?.ToString(),
            entry.Event.OccurredAt,
            entry.Attempts,
            entry.LastError
        );
}
