using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OpdTokens.Allocation;
using OpdTokens.Samples.Api.Live;
using OpdTokens.Samples.Api.Problems;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace OpdTokens.Samples.Api.Board;

/// <summary>The board's data: <c>GET /api/v1/board?doctors=D1,D2</c> once, and <c>/api/v1/board/stream</c> as
/// server-sent events (<c>board</c> events), for API keys with a queue-reading role and for board links within their
/// doctors.</summary>
internal static class BoardFeedEndpoints
{
    public const string BoardEvent = "board";

    public static RouteGroupBuilder MapBoardFeed(this RouteGroupBuilder api)
    {
        var board = api.MapGroup("/board").WithTags("Board");
        board
            .MapGet("", GetAsync)
            .WithName("getBoard")
            .WithSummary("Get the waiting-room board of some doctors.")
            .WithDescription(
                "Now serving, the next tokens with initials only and estimated times, and each doctor's delay, for today."
            )
            .RequireAuthorization(BoardSetup.ReadBoardPolicy)
            .Produces<BoardResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ReadByBoardLinks();
        board
            .MapGet("/stream", StreamAsync)
            .WithName("streamBoard")
            .WithSummary("Follow the waiting-room board live.")
            .WithDescription("Server-sent events: the board now, then again after every change of its doctors' days.")
            .RequireAuthorization(BoardSetup.ReadBoardPolicy)
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ReadByBoardLinks();
        return api;
    }

    private static async Task<IResult> GetAsync(
        string? doctors,
        IAllocationEngine engine,
        WaitTimeService waitTimes,
        IOptions<BoardOptions> options,
        IOptions<OpdTokenAllocationOptions> engineOptions,
        TimeProvider time,
        ClaimsPrincipal user,
        CancellationToken cancellationToken
    )
    {
        var (chosen, problem) = await ChooseAsync(doctors, engine, options.Value, user, cancellationToken);
        return problem
            ?? TypedResults.Ok(
                await BuildAsync(chosen, engine, waitTimes, options.Value, engineOptions.Value, time, cancellationToken)
            );
    }

    private static async Task<IResult> StreamAsync(
        string? doctors,
        IAllocationEngine engine,
        WaitTimeService waitTimes,
        QueueFeed feed,
        BoardLinkStore links,
        IOptions<BoardOptions> options,
        IOptions<HttpJsonOptions> json,
        IOptions<OpdTokenAllocationOptions> engineOptions,
        TimeProvider time,
        ClaimsPrincipal user,
        HttpContext httpContext,
        IHostApplicationLifetime lifetime,
        CancellationToken cancellationToken
    )
    {
        var (chosen, problem) = await ChooseAsync(doctors, engine, options.Value, user, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var revoked = CancellationToken.None;
        if (user.BoardLinkId() is { } linkId && links.List().FirstOrDefault(l => l.Id == linkId) is { } link)
        {
            revoked = links.RevokedToken(link);
        }

        var today = engine.Today;
        // Listen before the first read, so a change between the read and the subscription is not missed.
        var subscriptions = chosen.Select(d => feed.Listen(new PartitionKey(d.Id, today))).ToList();
        try
        {
            // A stream ends when the client leaves, the host stops or the board link is revoked.
            using var ended = CancellationTokenSource.CreateLinkedTokenSource(
                cancellationToken,
                lifetime.ApplicationStopping,
                revoked
            );
            var response = httpContext.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no";
            // Tells the browser to reconnect two seconds after a dropped connection.
            await response.WriteAsync("retry: 2000\n\n", ended.Token);
            await response.Body.FlushAsync(ended.Token);
            string? sent = null;
            var refresh = TimeSpan.FromSeconds(options.Value.RefreshSeconds);
            while (!ended.IsCancellationRequested && engine.Today == today)
            {
                var board = await BuildAsync(
                    chosen,
                    engine,
                    waitTimes,
                    options.Value,
                    engineOptions.Value,
                    time,
                    ended.Token
                );
                var data = JsonSerializer.Serialize(board with { GeneratedAt = default }, json.Value.SerializerOptions);
                if (!string.Equals(data, sent, StringComparison.Ordinal))
                {
                    sent = data;
                    var text = JsonSerializer.Serialize(board, json.Value.SerializerOptions);
                    await response.WriteAsync($"event: {BoardEvent}\ndata: {text}\n\n", Encoding.UTF8, ended.Token);
                }
                else
                {
                    // A comment keeps proxies from closing an idle stream and finds dead connections.
                    await response.WriteAsync(": still here\n\n", ended.Token);
                }

                await response.Body.FlushAsync(ended.Token);
                await ChangedAsync(subscriptions, refresh, ended.Token);
            }
        }
        catch (OperationCanceledException) { }
        catch (IOException) { }
        finally
        {
            foreach (var subscription in subscriptions)
            {
                subscription.Dispose();
            }
        }

        return TypedResults.Empty;
    }

    /// <summary>Waits for a change of any of the board's doctor-days, or the refresh interval.</summary>
    private static async Task ChangedAsync(
        List<QueueFeed.Subscription> subscriptions,
        TimeSpan refresh,
        CancellationToken cancellationToken
    )
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(refresh);
        var waits = subscriptions.Select(s => s.Changes.WaitToReadAsync(wait.Token).AsTask()).ToList();
        try
        {
            await Task.WhenAny(waits);
        }
        finally
        {
            await wait.CancelAsync();
            foreach (var subscription in subscriptions)
            {
                subscription.Changes.TryRead(out _);
            }

            try
            {
                await Task.WhenAll(waits);
            }
            catch (OperationCanceledException) { }
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private static async Task<BoardResponse> BuildAsync(
        List<Doctor> doctors,
        IAllocationEngine engine,
        WaitTimeService waitTimes,
        BoardOptions options,
        OpdTokenAllocationOptions engineOptions,
        TimeProvider time,
        CancellationToken cancellationToken
    )
    {
        var today = engine.Today;
        var boards = new List<DoctorBoardResponse>(doctors.Count);
        foreach (var doctor in doctors)
        {
            var day = await engine.GetDoctorDayAsync(new PartitionKey(doctor.Id, today), cancellationToken);
            var estimates = await waitTimes.EstimateAsync(day, cancellationToken);
            boards.Add(BoardView.Of(doctor, day, estimates, options.NextTokens));
        }

        var now = time.GetUtcNow();
        var zone =
            engineOptions.TimeZoneId is { } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found)
                ? found
                : time.LocalTimeZone;
        return new BoardResponse(boards, now, (int)zone.GetUtcOffset(now).TotalMinutes);
    }

    /// <summary>Parses <c>doctors=D1,D2</c> and checks each doctor exists and may be shown to the caller.</summary>
    private static async Task<(List<Doctor> Doctors, IResult? Problem)> ChooseAsync(
        string? doctors,
        IAllocationEngine engine,
        BoardOptions options,
        ClaimsPrincipal user,
        CancellationToken cancellationToken
    )
    {
        var ids = (doctors ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (ids.Count == 0 || ids.Count > options.MaxDoctors)
        {
            return (
                [],
                ApiProblem.Validation(
                    new Dictionary<string, string[]>
                    {
                        ["doctors"] = [$"Name 1 to {options.MaxDoctors} doctor ids, separated by commas."],
                    }
                )
            );
        }

        var chosen = new List<Doctor>(ids.Count);
        foreach (var id in ids)
        {
            if (!user.MayShow(id))
            {
                return (
                    [],
                    ApiProblem.Create(
                        StatusCodes.Status403Forbidden,
                        ProblemCodes.Forbidden,
                        "The request is not allowed.",
                        "This board link may not show this doctor."
                    )
                );
            }

            if (
                !DoctorId.TryParse(id, out var doctorId)
                || await engine.GetDoctorAsync(doctorId, cancellationToken) is not { } doctor
            )
            {
                return ([], ApiProblem.NotFound("No doctor has this id."));
            }

            chosen.Add(doctor);
        }

        return (chosen, null);
    }
}
