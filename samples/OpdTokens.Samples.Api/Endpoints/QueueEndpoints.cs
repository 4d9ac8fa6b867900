using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using OpdTokens.Allocation;
using OpdTokens.Samples.Api.Contracts;
using OpdTokens.Samples.Api.Live;
using OpdTokens.Samples.Api.Presentation;
using OpdTokens.Samples.Api.Problems;
using OpdTokens.Samples.Api.Security;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace OpdTokens.Samples.Api.Endpoints;

/// <summary>A slot's queue, once (<c>/queue</c>) or live as server-sent events (<c>/queue/stream</c>); displays see
/// initials only.</summary>
internal static class QueueEndpoints
{
    /// <summary>The SSE event name of a queue snapshot.</summary>
    public const string QueueEvent = "queue";

    public static RouteGroupBuilder MapQueues(this RouteGroupBuilder api)
    {
        var queues = api.MapGroup("/slots/{id}/queue").WithTags("Queues");
        queues
            .MapGet("", GetAsync)
            .WithName("getSlotQueue")
            .WithSummary("Get a slot's queue.")
            .WithDescription(
                "The tokens waiting in the slot in rank order, with position and estimated start (never earlier than the server's clock). Display keys see initials only."
            )
            .RequireAuthorization(ApiPolicies.ReadQueues)
            .Produces<IReadOnlyList<TokenResponse>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        queues
            .MapGet("/stream", StreamAsync)
            .WithName("streamSlotQueue")
            .WithSummary("Follow a slot's queue live.")
            .WithDescription(
                "Server-sent events: a `queue` event with the whole queue now, then again after every change. Display keys see initials only."
            )
            .RequireAuthorization(ApiPolicies.ReadQueues)
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> GetAsync(
        string id,
        IAllocationEngine engine,
        WaitTimeService waitTimes,
        ClaimsPrincipal user,
        CancellationToken cancellationToken
    )
    {
        if (!SlotId.TryParse(id, out var slotId))
        {
            return ApiProblem.NotFound(SlotEndpoints.UnknownSlot);
        }

        var day = await engine.GetDoctorDayAsync(slotId.Partition, cancellationToken);
        if (day.FindSlot(slotId) is null)
        {
            return ApiProblem.NotFound(SlotEndpoints.UnknownSlot);
        }

        var estimates = await waitTimes.EstimateAsync(day, cancellationToken);
        return TypedResults.Ok(QueueView.Of(day, slotId, estimates, user.IsDisplay()));
    }

    private static async Task<IResult> StreamAsync(
        string id,
        IAllocationEngine engine,
        WaitTimeService waitTimes,
        QueueFeed feed,
        IOptions<HttpJsonOptions> json,
        ClaimsPrincipal user,
        HttpContext httpContext,
        IHostApplicationLifetime lifetime,
        CancellationToken cancellationToken
    )
    {
        if (!SlotId.TryParse(id, out var slotId))
        {
            return ApiProblem.NotFound(SlotEndpoints.UnknownSlot);
        }

        // Listen before the first read, so a change between the read and the subscription is not missed.
        var subscription = feed.Listen(slotId.Partition);
        httpContext.Response.RegisterForDispose(subscription);
        var day = await engine.GetDoctorDayAsync(slotId.Partition, cancellationToken);
        if (day.FindSlot(slotId) is null)
        {
            subscription.Dispose();
            return ApiProblem.NotFound(SlotEndpoints.UnknownSlot);
        }

        httpContext.Response.Headers.CacheControl = "no-cache";
        // A stream ends when the client leaves or the host stops, so open displays never hold up a shutdown.
        var ended = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        httpContext.Response.RegisterForDispose(ended);
        return TypedResults.ServerSentEvents(
            SnapshotsAsync(
                subscription,
                engine,
                waitTimes,
                slotId,
                user.IsDisplay(),
                json.Value.SerializerOptions,
                ended.Token
            ),
            QueueEvent
        );
    }

    /// <summary>The queue now, then again after every change of its doctor-day that altered it.</summary>
    private static async IAsyncEnumerable<string> SnapshotsAsync(
        QueueFeed.Subscription subscription,
        IAllocationEngine engine,
        WaitTimeService waitTimes,
        SlotId slotId,
        bool forDisplay,
        JsonSerializerOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken
    )
    {
        using (subscription)
        {
            string? sent = null;
            do
            {
                var day = await engine.GetDoctorDayAsync(slotId.Partition, cancellationToken);
                var estimates = await waitTimes.EstimateAsync(day, cancellationToken);
                var queue = JsonSerializer.Serialize(QueueView.Of(day, slotId, estimates, forDisplay), options);
                if (!string.Equals(queue, sent, StringComparison.Ordinal))
                {
                    sent = queue;
                    yield return queue;
                }
            } while (await ChangedAsync(subscription.Changes, cancellationToken));
        }
    }

    /// <summary>Waits for the next change; <see langword="false"/> once the stream should end.</summary>
    private static async Task<bool> ChangedAsync(ChannelReader<long> changes, CancellationToken cancellationToken)
    {
        try
        {
            return await changes.WaitToReadAsync(cancellationToken) && changes.TryRead(out _);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
