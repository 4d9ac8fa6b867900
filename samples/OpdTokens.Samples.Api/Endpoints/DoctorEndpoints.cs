using System.Security.Claims;
using OpdTokens.Allocation;
using OpdTokens.Samples.Api.Contracts;
using OpdTokens.Samples.Api.Presentation;
using OpdTokens.Samples.Api.Problems;
using OpdTokens.Samples.Api.Security;

namespace OpdTokens.Samples.Api.Endpoints;

/// <summary><c>/api/v1/doctors</c>: the registry and delay reports.</summary>
internal static class DoctorEndpoints
{
    private const string UnknownDoctor = "No doctor has this id.";

    public static RouteGroupBuilder MapDoctors(this RouteGroupBuilder api)
    {
        var doctors = api.MapGroup("/doctors").WithTags("Doctors");
        doctors
            .MapPost("", CreateAsync)
            .WithName("createDoctor")
            .WithSummary("Register a doctor.")
            .WithDescription(
                "Adds a doctor with a name and specialty; the id is generated unless given (1 to 32 letters, digits, _ or -)."
            )
            .RequireAuthorization(ApiPolicies.ManageSchedule)
            .Produces<DoctorResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        doctors
            .MapGet("", ListAsync)
            .WithName("listDoctors")
            .WithSummary("List the doctors.")
            .WithDescription("Every registered doctor, active or not.")
            .RequireAuthorization(ApiPolicies.ReadSchedule)
            .Produces<IReadOnlyList<DoctorResponse>>();
        doctors
            .MapGet("/{id}", GetAsync)
            .WithName("getDoctor")
            .WithSummary("Get a doctor.")
            .WithDescription("One doctor by id.")
            .RequireAuthorization(ApiPolicies.ReadSchedule)
            .Produces<DoctorResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        doctors
            .MapPost("/{id}/delay", ReportDelayAsync)
            .WithName("reportDoctorDelay")
            .WithSummary("Report how late a doctor is running.")
            .WithDescription(
                "Sets the doctor's total delay on a date (0 to 720 minutes, not an increment; the date defaults to today in the hospital's time zone and may not be past). Tokens whose estimated start no longer falls within their slot move to the next slot with room."
            )
            .RequireAuthorization(ApiPolicies.ReportDelays)
            .Produces<DelayResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        doctors
            .MapPost("/{id}/deactivate", DeactivateAsync)
            .WithName("deactivateDoctor")
            .WithSummary("Stop a doctor taking tokens.")
            .WithDescription("The doctor stays listed but takes no new slots or tokens; existing tokens are kept.")
            .RequireAuthorization(ApiPolicies.ManageSchedule)
            .Produces<DoctorResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> CreateAsync(
        CreateDoctorRequest request,
        IAllocationEngine engine,
        AllocationProblems problems,
        ClaimsPrincipal user,
        CancellationToken cancellationToken
    )
    {
        var errors = new RequestErrors();
        errors.Require(request.Name, "name");
        errors.Require(request.Specialty, "specialty");
        DoctorId? id = null;
        if (request.Id is not null)
        {
            id = errors.RequiredDoctorId(request.Id, "id");
        }

        if (errors.Any)
        {
            return errors.ToResult();
        }

        var result = await engine.RegisterDoctorAsync(
            new RegisterDoctor(request.Name!, request.Specialty!) { Id = id, Actor = user.Role() },
            cancellationToken
        );
        if (!result.IsSuccess)
        {
            return await problems.ToResultAsync(result.Error, cancellationToken);
        }

        var doctor = Resources.Doctor(result.Value);
        return TypedResults.Created(Resources.Location("doctors", doctor.Id), doctor);
    }

    private static async Task<IResult> ListAsync(IAllocationEngine engine, CancellationToken cancellationToken)
    {
        var doctors = await engine.GetDoctorsAsync(cancellationToken);
        return TypedResults.Ok(doctors.Select(Resources.Doctor).ToList());
    }

    private static async Task<IResult> GetAsync(
        string id,
        IAllocationEngine engine,
        CancellationToken cancellationToken
    )
    {
        if (
            !DoctorId.TryParse(id, out var doctorId)
            || await engine.GetDoctorAsync(doctorId, cancellationToken) is not { } doctor
        )
        {
            return ApiProblem.NotFound(UnknownDoctor);
        }

        return TypedResults.Ok(Resources.Doctor(doctor));
    }

    private static async Task<IResult> ReportDelayAsync(
        string id,
        ReportDelayRequest request,
        IAllocationEngine engine,
        TokenPresenter presenter,
        AllocationProblems problems,
        ClaimsPrincipal user,
        CancellationToken cancellationToken
    )
    {
        if (!DoctorId.TryParse(id, out var doctorId))
        {
            return ApiProblem.NotFound(UnknownDoctor);
        }

        var errors = new RequestErrors();
        if (!errors.Require(request.Minutes, "minutes"))
        {
            return errors.ToResult();
        }

        var result = await engine.ReportDelayAsync(
            new ReportDelay(doctorId, request.Date ?? engine.Today, TimeSpan.FromMinutes(request.Minutes.Value))
            {
                Actor = user.Role(),
            },
            cancellationToken
        );
        if (!result.IsSuccess)
        {
            return await problems.ToResultAsync(result.Error, cancellationToken);
        }

        return TypedResults.Ok(
            new DelayResponse(
                await presenter.PresentAsync(result.Value.MovedTokens, cancellationToken),
                Resources.DelayMinutes(result.Value.Delay)
            )
        );
    }

    private static async Task<IResult> DeactivateAsync(
        string id,
        IAllocationEngine engine,
        AllocationProblems problems,
        ClaimsPrincipal user,
        CancellationToken cancellationToken
    )
    {
        if (!DoctorId.TryParse(id, out var doctorId))
        {
            return ApiProblem.NotFound(UnknownDoctor);
        }

        var result = await engine.DeactivateDoctorAsync(
            new DeactivateDoctor(doctorId) { Actor = user.Role() },
            cancellationToken
        );
        return result.IsSuccess
            ? TypedResults.Ok(Resources.Doctor(result.Value))
            : await problems.ToResultAsync(result.Error, cancellationToken);
    }
}
