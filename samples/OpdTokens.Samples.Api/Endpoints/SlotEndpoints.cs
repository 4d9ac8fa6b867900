using System.Globalization;
using System.Security.Claims;
using OpdTokens.Allocation;
using OpdTokens.Samples.Api.Contracts;
using OpdTokens.Samples.Api.Paging;
using OpdTokens.Samples.Api.Presentation;
using OpdTokens.Samples.Api.Problems;
using OpdTokens.Samples.Api.Security;

namespace OpdTokens.Samples.Api.Endpoints;

/// <summary><c>/api/v1/slots</c>: a doctor's consultation slots.</summary>
internal static class SlotEndpoints
{
    public const string UnknownSlot = "No slot has this id.";

    public static RouteGroupBuilder MapSlots(this RouteGroupBuilder api)
    {
        var slots = api.MapGroup("/slots").WithTags("Slots");
        slots
            .MapPost("", CreateAsync)
            .WithName("createSlot")
            .WithSummary("Add a slot.")
            .WithDescription(
                "Adds a consultation slot (start before end, no overlap with the doctor's other slots that day, capacity 1 to 1000, a date not past nor beyond the booking horizon)."
            )
            .RequireAuthorization(ApiPolicies.ManageSchedule)
            .Produces<SlotResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        slots
            .MapGet("", ListAsync)
            .WithName("listSlots")
            .WithSummary("List slots.")
            .WithDescription(
                "The slots of a date (default: today in the hospital's time zone), of one doctor or all, by start time, a page at a time (`limit`, default 200, at most 1000; the next page is linked in the `Link` header and its cursor is in `Next-Cursor`)."
            )
            .RequireAuthorization(ApiPolicies.ReadSchedule)
            .Produces<IReadOnlyList<SlotResponse>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        slots
            .MapGet("/{id}", GetAsync)
            .WithName("getSlot")
            .WithSummary("Get a slot.")
            .WithDescription("One slot by id, with its current occupancy.")
            .RequireAuthorization(ApiPolicies.ReadSchedule)
            .Produces<SlotResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        slots
            .MapPost("/{id}/close", CloseAsync)
            .WithName("closeSlot")
            .WithSummary("Close a slot.")
            .WithDescription(
                "The slot becomes inactive; its waiting tokens move to later slots with room in rank order, the rest to the waitlist."
            )
            .RequireAuthorization(ApiPolicies.ManageSchedule)
            .Produces<SlotChangeResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        slots
            .MapPost("/{id}/resize", ResizeAsync)
            .WithName("resizeSlot")
            .WithSummary("Change a slot's capacity.")
            .WithDescription(
                "Growing promotes waitlisted tokens; shrinking below the seats already held is refused (capacity_below_occupancy)."
            )
            .RequireAuthorization(ApiPolicies.ManageSchedule)
            .Produces<SlotChangeResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<IResult> CreateAsync(
        CreateSlotRequest request,
        IAllocationEngine engine,
        AllocationProblems problems,
        ClaimsPrincipal user,
        CancellationToken cancellationToken
    )
    {
        var errors = new RequestErrors();
        var doctorId = errors.RequiredDoctorId(request.DoctorId, "doctorId");
        errors.Require(request.Date, "date");
        errors.Require(request.StartTime, "startTime");
        errors.Require(request.EndTime, "endTime");
        errors.Require(request.MaxCapacity, "maxCapacity");
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var result = await engine.AddSlotAsync(
            new AddSlot(
                doctorId,
                request.Date!.Value,
                request.StartTime!.Value,
                request.EndTime!.Value,
                request.MaxCapacity!.Value
            )
            {
                Actor = user.Role(),
            },
            cancellationToken
        );
        if (!result.IsSuccess)
        {
            return await problems.ToResultAsync(result.Error, cancellationToken);
        }

        var slot = Resources.Slot(result.Value.Slot, result.Value.Occupancy);
        return TypedResults.Created(Resources.Location("slots", slot.Id), slot);
    }

    private static async Task<IResult> ListAsync(
        string? doctorId,
        string? date,
        string? limit,
        string? cursor,
        IAllocationEngine engine,
        HttpContext httpContext,
        CancellationToken cancellationToken
    )
    {
        var errors = new RequestErrors();
        doctorId = RequestErrors.Filter(doctorId);
        DoctorId? doctor = doctorId is null ? null : errors.RequiredDoctorId(doctorId, "doctorId");
        var day = errors.OptionalDate(RequestErrors.Filter(date), "date") ?? engine.Today;
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var page = PageRequest.Read(
            limit,
            cursor,
            string.Create(CultureInfo.InvariantCulture, $"slots|{doctor}|{day:yyyy-MM-dd}"),
            errors
        );
        if (page is null)
        {
            return errors.ToResult();
        }

        IEnumerable<DoctorDay> days;
        if (doctor is { } id)
        {
            if (await engine.GetDoctorAsync(id, cancellationToken) is null)
            {
                return ApiProblem.NotFound("No doctor has this id.");
            }

            days = [await engine.GetDoctorDayAsync(new PartitionKey(id, day), cancellationToken)];
        }
        else
        {
            days = await engine.GetDoctorDaysAsync(day, cancellationToken);
        }

        return TypedResults.Ok(
            Page.Of(days.SelectMany(d => d.Slots.Select(s => Resources.Slot(s, d))), SortKey, page, httpContext)
        );
    }

    /// <summary>Slots are listed by start time, then doctor, then id: unique, and the order of a day's timetable.</summary>
    private static string SortKey(SlotResponse slot) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{slot.StartsAt.UtcTicks:D20}\u0000{slot.DoctorId}\u0000{slot.Id.Length:D4}{slot.Id}"
        );

    private static async Task<IResult> GetAsync(
        string id,
        IAllocationEngine engine,
        CancellationToken cancellationToken
    )
    {
        if (!SlotId.TryParse(id, out var slotId))
        {
            return ApiProblem.NotFound(UnknownSlot);
        }

        var day = await engine.GetDoctorDayAsync(slotId.Partition, cancellationToken);
        return day.FindSlot(slotId) is { } slot
            ? TypedResults.Ok(Resources.Slot(slot, day))
            : ApiProblem.NotFound(UnknownSlot);
    }

    private static async Task<IResult> CloseAsync(
        string id,
        IAllocationEngine engine,
        TokenPresenter presenter,
        AllocationProblems problems,
        ClaimsPrincipal user,
        CancellationToken cancellationToken
    )
    {
        if (!SlotId.TryParse(id, out var slotId))
        {
            return ApiProblem.NotFound(UnknownSlot);
        }

        var result = await engine.CloseSlotAsync(new CloseSlot(slotId) { Actor = user.Role() }, cancellationToken);
        return result.IsSuccess
            ? TypedResults.Ok(await PresentAsync(result.Value, presenter, cancellationToken))
            : await problems.ToResultAsync(result.Error, cancellationToken);
    }

    private static async Task<IResult> ResizeAsync(
        string id,
        ResizeSlotRequest request,
        IAllocationEngine engine,
        TokenPresenter presenter,
        AllocationProblems problems,
        ClaimsPrincipal user,
        CancellationToken cancellationToken
    )
    {
        if (!SlotId.TryParse(id, out var slotId))
        {
            return ApiProblem.NotFound(UnknownSlot);
        }

        var errors = new RequestErrors();
        if (!errors.Require(request.MaxCapacity, "maxCapacity"))
        {
            return errors.ToResult();
        }

        var result = await engine.ResizeSlotAsync(
            new ResizeSlot(slotId, request.MaxCapacity.Value) { Actor = user.Role() },
            cancellationToken
        );
        return result.IsSuccess
            ? TypedResults.Ok(await PresentAsync(result.Value, presenter, cancellationToken))
            : await problems.ToResultAsync(result.Error, cancellationToken);
    }

    private static async Task<SlotChangeResponse> PresentAsync(
        SlotChangeResult change,
        TokenPresenter presenter,
        CancellationToken cancellationToken
    ) =>
        new(
            Resources.Slot(change.Slot, change.Occupancy),
            await presenter.PresentAsync(change.MovedTokens, cancellationToken)
        );
}
