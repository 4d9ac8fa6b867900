using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using OpdTokens.Allocation;
using OpdTokens.Samples.Api.Contracts;
using OpdTokens.Samples.Api.Json;
using OpdTokens.Samples.Api.Paging;
using OpdTokens.Samples.Api.Presentation;
using OpdTokens.Samples.Api.Problems;
using OpdTokens.Samples.Api.Security;

namespace OpdTokens.Samples.Api.Endpoints;

/// <summary><c>/api/v1/tokens</c>: allocation, look-ups and the token life cycle.</summary>
internal static class TokenEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    private const string UnknownToken = "No token has this id.";

    /// <summary>The statuses a client may move a token to.</summary>
    private static readonly TokenStatus[] SettableStatuses =
    [
        TokenStatus.CheckedIn,
        TokenStatus.Consulting,
        TokenStatus.Completed,
        TokenStatus.Cancelled,
        TokenStatus.NoShow,
    ];

    public static RouteGroupBuilder MapTokens(this RouteGroupBuilder api)
    {
        var tokens = api.MapGroup("/tokens").WithTags("Tokens");
        tokens
            .MapPost("", CreateAsync)
            .WithName("createToken")
            .WithSummary("Ask for a token.")
            .WithDescription(
                "Allocates a token for a patient: a seat in the preferred slot or the first with room, a bump of a lower-ranked token, an emergency overflow, or the waitlist (or 409 slot_full with alternatives when waitlistIfFull is false). `date` defaults to the slot's date, else today in the hospital's time zone. A repeated `Idempotency-Key` returns the first answer (200, `Idempotent-Replayed: true`)."
            )
            .RequireAuthorization(ApiPolicies.BookTokens)
            .Produces<AllocationResponse>(StatusCodes.Status201Created)
            .Produces<AllocationResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        tokens
            .MapGet("", ListAsync)
            .WithName("listTokens")
            .WithSummary("List tokens.")
            .WithDescription(
                "The tokens of a date (default: the slot's date, else today in the hospital's time zone), filtered by doctor, slot and status, by doctor then sequence number, a page at a time (`limit`, default 200, at most 1000; the next page is linked in the `Link` header and its cursor is in `Next-Cursor`)."
            )
            .RequireAuthorization(ApiPolicies.ReadTokens)
            .Produces<IReadOnlyList<TokenResponse>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        tokens
            .MapGet("/{id}", GetAsync)
            .WithName("getToken")
            .WithSummary("Get a token.")
            .WithDescription("One token by id, with its queue position and estimated start while it waits.")
            .RequireAuthorization(ApiPolicies.ReadTokens)
            .Produces<TokenResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        tokens
            .MapGet("/number/{tokenNumber}", GetByNumberAsync)
            .WithName("getTokenByNumber")
            .WithSummary("Get a token by its number.")
            .WithDescription("One token by the number printed on it (such as DOC1-20261121-0007).")
            .RequireAuthorization(ApiPolicies.ReadTokens)
            .Produces<TokenResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        tokens
            .MapPatch("/{id}/status", ChangeStatusAsync)
            .WithName("changeTokenStatus")
            .WithSummary("Move a token through its day.")
            .WithDescription(
                "checked_in (from allocated), consulting (from checked_in), completed (from consulting), cancelled (from waitlisted, allocated or checked_in) or no_show (from allocated); any other move is 409 invalid_transition."
            )
            .RequireAuthorization(ApiPolicies.ChangeTokenStatus)
            .Produces<TokenResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        tokens
            .MapPost("/{id}/cancel", CancelAsync)
            .WithName("cancelToken")
            .WithSummary("Cancel a token.")
            .WithDescription(
                "Frees its seat, which goes to the highest-ranked waitlisted token of the doctor-day (promotedToken)."
            )
            .RequireAuthorization(ApiPolicies.BookTokens)
            .Produces<StatusChangeResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        tokens
            .MapPost("/{id}/no-show", NoShowAsync)
            .WithName("markTokenNoShow")
            .WithSummary("Mark a token as a no-show.")
            .WithDescription(
                "Frees its seat, which goes to the highest-ranked waitlisted token of the doctor-day (promotedToken)."
            )
            .RequireAuthorization(ApiPolicies.BookTokens)
            .Produces<StatusChangeResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        tokens
            .MapPost("/{id}/reallocate", ReallocateAsync)
            .WithName("reallocateToken")
            .WithSummary("Move a token to another slot.")
            .WithDescription(
                "Moves an allocated or checked-in token to another slot of its doctor-day that has room, with an optional reason."
            )
            .RequireAuthorization(ApiPolicies.BookTokens)
            .Produces<TokenResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<IResult> CreateAsync(
        CreateTokenRequest request,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        [AsParameters] RequestServices services,
        ClaimsPrincipal user,
        HttpContext httpContext,
        CancellationToken cancellationToken
    )
    {
        var errors = new RequestErrors();
        var doctorId = errors.RequiredDoctorId(request.DoctorId, "doctorId");
        var slotId = errors.OptionalSlotId(request.SlotId, "slotId");
        errors.Require(request.PatientName, "patientName");
        errors.Require(request.Source, "source");
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var command = new AllocateToken(
            doctorId,
            new Patient(request.PatientName!, request.PatientPhone, request.PatientId),
            request.Source!.Value
        )
        {
            Date = request.Date,
            PreferredSlotId = slotId,
            WaitlistIfFull = request.WaitlistIfFull ?? true,
            IdempotencyKey = idempotencyKey,
            Actor = user.Role(),
        };
        var result = await services.Engine.AllocateAsync(command, cancellationToken);
        if (!result.IsSuccess)
        {
            return await services.Problems.ToResultAsync(result.Error, cancellationToken);
        }

        var response = await services.Presenter.PresentAsync(result.Value, cancellationToken);
        if (result.Value.IsReplay)
        {
            httpContext.Response.Headers[ReplayedHeader] = "true";
            return TypedResults.Ok(response);
        }

        return TypedResults.Created(Resources.Location("tokens", response.Token.Id), response);
    }

    private static async Task<IResult> ListAsync(
        string? doctorId,
        string? date,
        string? slotId,
        string? status,
        string? limit,
        string? cursor,
        [AsParameters] RequestServices services,
        HttpContext httpContext,
        CancellationToken cancellationToken
    )
    {
        var errors = new RequestErrors();
        doctorId = RequestErrors.Filter(doctorId);
        DoctorId? doctor = doctorId is null ? null : errors.RequiredDoctorId(doctorId, "doctorId");
        var slot = errors.OptionalSlotId(RequestErrors.Filter(slotId), "slotId");
        var onDate = errors.OptionalDate(RequestErrors.Filter(date), "date");
        var wanted = errors.OptionalEnum<TokenStatus>(RequestErrors.Filter(status), "status");
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var engine = services.Engine;
        var day = onDate ?? slot?.Date ?? engine.Today;
        var page = PageRequest.Read(
            limit,
            cursor,
            string.Create(CultureInfo.InvariantCulture, $"tokens|{doctor}|{day:yyyy-MM-dd}|{slot}|{wanted}"),
            errors
        );
        if (page is null)
        {
            return errors.ToResult();
        }

        IEnumerable<DoctorDay> days;
        if (slot is { } s)
        {
            days = [await engine.GetDoctorDayAsync(s.Partition, cancellationToken)];
        }
        else if (doctor is { } d)
        {
            if (await engine.GetDoctorAsync(d, cancellationToken) is null)
            {
                return ApiProblem.NotFound("No doctor has this id.");
            }

            days = [await engine.GetDoctorDayAsync(new PartitionKey(d, day), cancellationToken)];
        }
        else
        {
            days = await engine.GetDoctorDaysAsync(day, cancellationToken);
        }

        var rows = new List<(Token Token, DoctorDay Day, WaitTimeEstimates Estimates)>();
        foreach (var d in days)
        {
            var estimates = await services.WaitTimes.EstimateAsync(d, cancellationToken);
            rows.AddRange(
                d.Tokens.Where(t =>
                        (doctor is null || t.DoctorId == doctor)
                        && t.Date == day
                        && (slot is null || t.SlotId == slot)
                        && (wanted is null || t.Status == wanted)
                    )
                    .Select(t => (t, d, estimates))
            );
        }

        return TypedResults.Ok(
            Page.Of(rows, r => SortKey(r.Token), page, httpContext)
                .Select(r => TokenPresenter.Present(r.Token, r.Day, r.Estimates))
                .ToList()
        );
    }

    /// <summary>Tokens are listed by doctor, then by sequence number: unique, and stable while new tokens arrive.</summary>
    private static string SortKey(Token token) =>
        string.Create(CultureInfo.InvariantCulture, $"{token.DoctorId.Value}\u0000{token.Sequence:D10}");

    private static async Task<IResult> GetAsync(
        string id,
        [AsParameters] RequestServices services,
        CancellationToken cancellationToken
    )
    {
        if (!TokenId.TryParse(id, out var tokenId))
        {
            return ApiProblem.NotFound(UnknownToken);
        }

        var token = await services.Engine.GetTokenAsync(tokenId, cancellationToken);
        return token is null
            ? ApiProblem.NotFound(UnknownToken)
            : TypedResults.Ok(await services.Presenter.PresentAsync(token, cancellationToken));
    }

    private static async Task<IResult> GetByNumberAsync(
        string tokenNumber,
        [AsParameters] RequestServices services,
        CancellationToken cancellationToken
    )
    {
        var token = await services.Engine.FindTokenByNumberAsync(tokenNumber, cancellationToken);
        return token is null
            ? ApiProblem.NotFound("No token has this number.")
            : TypedResults.Ok(await services.Presenter.PresentAsync(token, cancellationToken));
    }

    private static async Task<IResult> ChangeStatusAsync(
        string id,
        ChangeStatusRequest request,
        [AsParameters] RequestServices services,
        ClaimsPrincipal user,
        CancellationToken cancellationToken
    )
    {
        if (!TokenId.TryParse(id, out var tokenId))
        {
            return ApiProblem.NotFound(UnknownToken);
        }

        var errors = new RequestErrors();
        if (errors.Require(request.Status, "status") && !SettableStatuses.Contains(request.Status.Value))
        {
            errors.Add(
                "status",
                "Expected one of: " + string.Join(", ", SettableStatuses.Select(s => WireNames.Of(s))) + "."
            );
        }

        if (errors.Any)
        {
            return errors.ToResult();
        }

        var result = await services.Engine.ChangeStatusAsync(
            new ChangeTokenStatus(tokenId, request.Status!.Value) { Reason = request.Reason, Actor = user.Role() },
            cancellationToken
        );
        return result.IsSuccess
            ? TypedResults.Ok(await services.Presenter.PresentAsync(result.Value.Token, cancellationToken))
            : await services.Problems.ToResultAsync(result.Error, cancellationToken);
    }

    private static Task<IResult> CancelAsync(
        string id,
        [AsParameters] RequestServices services,
        ClaimsPrincipal user,
        CancellationToken cancellationToken
    ) => FreeSeatAsync(id, TokenStatus.Cancelled, services, user, cancellationToken);

    private static Task<IResult> NoShowAsync(
        string id,
        [AsParameters] RequestServices services,
        ClaimsPrincipal user,
        CancellationToken cancellationToken
    ) => FreeSeatAsync(id, TokenStatus.NoShow, services, user, cancellationToken);

    /// <summary>Cancel or no-show: the token leaves and the best waitlisted token takes its seat.</summary>
    private static async Task<IResult> FreeSeatAsync(
        string id,
        TokenStatus status,
        RequestServices services,
        ClaimsPrincipal user,
        CancellationToken cancellationToken
    )
    {
        if (!TokenId.TryParse(id, out var tokenId))
        {
            return ApiProblem.NotFound(UnknownToken);
        }

        var result = await services.Engine.ChangeStatusAsync(
            new ChangeTokenStatus(tokenId, status) { Actor = user.Role() },
            cancellationToken
        );
        return result.IsSuccess
            ? TypedResults.Ok(await services.Presenter.PresentAsync(result.Value, cancellationToken))
            : await services.Problems.ToResultAsync(result.Error, cancellationToken);
    }

    private static async Task<IResult> ReallocateAsync(
        string id,
        ReallocateRequest request,
        [AsParameters] RequestServices services,
        ClaimsPrincipal user,
        CancellationToken cancellationToken
    )
    {
        if (!TokenId.TryParse(id, out var tokenId))
        {
            return ApiProblem.NotFound(UnknownToken);
        }

        var errors = new RequestErrors();
        var slotId = errors.Require(request.SlotId, "slotId") ? errors.OptionalSlotId(request.SlotId, "slotId") : null;
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var result = await services.Engine.ReallocateAsync(
            new ReallocateToken(tokenId, slotId!.Value) { Reason = request.Reason, Actor = user.Role() },
            cancellationToken
        );
        return result.IsSuccess
            ? TypedResults.Ok(await services.Presenter.PresentAsync(result.Value, cancellationToken))
            : await services.Problems.ToResultAsync(result.Error, cancellationToken);
    }
}
