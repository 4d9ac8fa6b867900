using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using OpdTokens.Allocation;
using OpdTokens.Samples.Api.Contracts;
using OpdTokens.Samples.Api.Json;
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
            .RequireAuthorization(ApiPolicies.BookTokens)
            .Produces<AllocationResponse>(StatusCodes.Status201Created)
            .Produces<AllocationResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        tokens
            .MapGet("", ListAsync)
            .RequireAuthorization(ApiPolicies.ReadTokens)
            .Produces<IReadOnlyList<TokenResponse>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        tokens
            .MapGet("/{id}", GetAsync)
            .RequireAuthorization(ApiPolicies.ReadTokens)
            .Produces<TokenResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        tokens
            .MapGet("/number/{tokenNumber}", GetByNumberAsync)
            .RequireAuthorization(ApiPolicies.ReadTokens)
            .Produces<TokenResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        tokens
            .MapPatch("/{id}/status", ChangeStatusAsync)
            .RequireAuthorization(ApiPolicies.ChangeTokenStatus)
            .Produces<TokenResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        tokens
            .MapPost("/{id}/cancel", CancelAsync)
            .RequireAuthorization(ApiPolicies.BookTokens)
            .Produces<StatusChangeResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        tokens
            .MapPost("/{id}/no-show", NoShowAsync)
            .RequireAuthorization(ApiPolicies.BookTokens)
            .Produces<StatusChangeResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        tokens
            .MapPost("/{id}/reallocate", ReallocateAsync)
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
        [AsParameters] RequestServices services,
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

        var tokens = new List<TokenResponse>();
        foreach (var d in days)
        {
            var estimates = await services.WaitTimes.EstimateAsync(d, cancellationToken);
            tokens.AddRange(
                d.Tokens.Values.Where(t =>
                        (doctor is null || t.DoctorId == doctor)
                        && t.Date == day
                        && (slot is null || t.SlotId == slot)
                        && (wanted is null || t.Status == wanted)
                    )
                    .Select(t => TokenPresenter.Present(t, d, estimates))
            );
        }

        return TypedResults.Ok(tokens);
    }

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
