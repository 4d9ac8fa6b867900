using System.Security.Claims;
using OpdTokens.Allocation;
using OpdTokens.Samples.Api.Contracts;
using OpdTokens.Samples.Api.Endpoints;
using OpdTokens.Samples.Api.Problems;
using OpdTokens.Samples.Api.Security;

namespace OpdTokens.Samples.Api.Board;

/// <summary><c>POST /api/v1/doctors/{id}/call-next</c>: the consulting room's "call the next patient".</summary>
internal static class ConsultingRoomEndpoints
{
    public static RouteGroupBuilder MapConsultingRoom(this RouteGroupBuilder api)
    {
        api.MapPost("/doctors/{id}/call-next", CallNextAsync)
            .WithName("callNextPatient")
            .WithSummary("Call the next patient into the consulting room.")
            .WithDescription(
                "The highest-ranked checked-in token of the doctor's current slot becomes `consulting`; 409 while a consultation is under way or when nobody waits."
            )
            .WithTags("Doctors")
            .RequireAuthorization(ApiPolicies.ChangeTokenStatus)
            .Produces<TokenResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<IResult> CallNextAsync(
        string id,
        CallNextRequest? request,
        ConsultingRoom room,
        [AsParameters] RequestServices services,
        ClaimsPrincipal user,
        CancellationToken cancellationToken
    )
    {
        if (
            !DoctorId.TryParse(id, out var doctorId)
            || await services.Engine.GetDoctorAsync(doctorId, cancellationToken) is null
        )
        {
            return ApiProblem.NotFound("No doctor has this id.");
        }

        var day = new PartitionKey(doctorId, request?.Date ?? services.Engine.Today);
        var result = await room.CallNextAsync(day, user.Role(), cancellationToken);
        return result.IsSuccess
            ? TypedResults.Ok(await services.Presenter.PresentAsync(result.Value, cancellationToken))
            : await services.Problems.ToResultAsync(result.Error, cancellationToken);
    }
}
