using OpdTokens.Allocation;
using OpdTokens.Samples.Api.Contracts;
using OpdTokens.Samples.Api.Presentation;
using OpdTokens.Samples.Api.Problems;
using OpdTokens.Samples.Api.Security;

namespace OpdTokens.Samples.Api.Endpoints;

/// <summary><c>/api/v1/analytics</c>: figures of a slot, a doctor-day and the whole system.</summary>
internal static class AnalyticsEndpoints
{
    public static RouteGroupBuilder MapAnalytics(this RouteGroupBuilder api)
    {
        var analytics = api.MapGroup("/analytics")
            .WithTags("Analytics")
            .RequireAuthorization(ApiPolicies.ReadAnalytics);
        analytics
            .MapGet("/slots/{id}", SlotAsync)
            .WithName("getSlotAnalytics")
            .WithSummary("Figures of one slot.")
            .WithDescription(
                "Capacity, occupancy, utilisation (0..1), the tokens waiting, overflows, and counts by status and source."
            )
            .Produces<SlotAnalyticsResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        analytics
            .MapGet("/doctors/{id}/day/{date}", DoctorDayAsync)
            .WithName("getDoctorDayAnalytics")
            .WithSummary("Figures of one doctor-day.")
            .WithDescription(
                "Slots, capacity, occupancy, utilisation, waitlist, cancellations, no-shows, emergencies, bumps, overflows and the delay of a doctor on a date (YYYY-MM-DD)."
            )
            .Produces<DoctorDayAnalyticsResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        analytics
            .MapGet("/system/status", SystemAsync)
            .WithName("getSystemStatus")
            .WithSummary("Figures of the whole service.")
            .WithDescription(
                "Doctors, doctor-days, slots and tokens across the service, with counts by status and the waitlist."
            )
            .Produces<SystemStatusResponse>();
        return api;
    }

    private static async Task<IResult> SlotAsync(
        string id,
        IAllocationEngine engine,
        CancellationToken cancellationToken
    )
    {
        if (
            !SlotId.TryParse(id, out var slotId)
            || await engine.GetSlotAnalyticsAsync(slotId, cancellationToken) is not { } analytics
        )
        {
            return ApiProblem.NotFound(SlotEndpoints.UnknownSlot);
        }

        return TypedResults.Ok(Resources.SlotAnalytics(analytics));
    }

    private static async Task<IResult> DoctorDayAsync(
        string id,
        string date,
        IAllocationEngine engine,
        CancellationToken cancellationToken
    )
    {
        if (
            !DoctorId.TryParse(id, out var doctorId) || await engine.GetDoctorAsync(doctorId, cancellationToken) is null
        )
        {
            return ApiProblem.NotFound("No doctor has this id.");
        }

        var errors = new RequestErrors();
        if (errors.OptionalDate(date, "date") is not { } day)
        {
            return errors.ToResult();
        }

        var analytics = await engine.GetDoctorDayAnalyticsAsync(new PartitionKey(doctorId, day), cancellationToken);
        return TypedResults.Ok(Resources.DoctorDayAnalytics(analytics));
    }

    private static async Task<IResult> SystemAsync(IAllocationEngine engine, CancellationToken cancellationToken) =>
        TypedResults.Ok(Resources.SystemStatus(await engine.GetSystemStatusAsync(cancellationToken)));
}
