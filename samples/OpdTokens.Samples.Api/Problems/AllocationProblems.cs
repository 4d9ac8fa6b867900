using Microsoft.AspNetCore.Http;
using OpdTokens.Allocation;
using OpdTokens.Samples.Api.Presentation;

namespace OpdTokens.Samples.Api.Problems;

/// <summary>The one place where the library's <see cref="AllocationError"/> becomes an HTTP problem.</summary>
internal sealed class AllocationProblems(IAllocationEngine engine, TokenPresenter presenter)
{
    /// <summary>The <c>Retry-After</c> of a 409 <c>conflict</c>, in seconds: other writers kept changing the
    /// doctor-day, which is over within a second at any load the engine serves.</summary>
    public const int ConflictRetryAfterSeconds = 1;

    public async ValueTask<IResult> ToResultAsync(AllocationError error, CancellationToken cancellationToken)
    {
        var (status, code, title) = Classify(error.Code);
        var members = new List<KeyValuePair<string, object?>>();
        switch (error.Code)
        {
            case AllocationErrorCode.ValidationFailed:
                members.Add(
                    new(
                        ApiProblem.ErrorsMember,
                        error
                            .FieldErrors.GroupBy(e => e.Field, StringComparer.Ordinal)
                            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal)
                    )
                );
                break;
            case AllocationErrorCode.SlotFull:
                members.Add(new("alternatives", Resources.Alternatives(error.Alternatives)));
                break;
            case AllocationErrorCode.DuplicatePatient when error.ExistingTokenId is { } existingId:
                var existing = await engine.GetTokenAsync(existingId, cancellationToken);
                members.Add(new("existingToken", await presenter.PresentOrNullAsync(existing, cancellationToken)));
                break;
            default:
                break;
        }

        var problem = ApiProblem.Create(status, code, title, ProblemDetailText.Of(error), members);
        // Contention passes within moments: the engine has already re-run the command against the newer state.
        return error.Code == AllocationErrorCode.Conflict
            ? new RetryAfterResult(problem, ConflictRetryAfterSeconds)
            : (IResult)problem;
    }

    internal static (int Status, string Code, string Title) Classify(AllocationErrorCode code) =>
        code switch
        {
            AllocationErrorCode.ValidationFailed => (
                StatusCodes.Status400BadRequest,
                ProblemCodes.ValidationFailed,
                "The request is not valid."
            ),
            AllocationErrorCode.NotFound => (StatusCodes.Status404NotFound, ProblemCodes.NotFound, "Not found."),
            AllocationErrorCode.InvalidTransition => (
                StatusCodes.Status409Conflict,
                ProblemCodes.InvalidTransition,
                "The token's status does not allow this."
            ),
            AllocationErrorCode.SlotFull => (StatusCodes.Status409Conflict, ProblemCodes.SlotFull, "No seat is free."),
            AllocationErrorCode.SlotUnavailable => (
                StatusCodes.Status409Conflict,
                ProblemCodes.SlotUnavailable,
                "The slot is closed or has ended."
            ),
            AllocationErrorCode.DoctorUnavailable => (
                StatusCodes.Status409Conflict,
                ProblemCodes.DoctorUnavailable,
                "The doctor is not available."
            ),
            AllocationErrorCode.Conflict => (
                StatusCodes.Status409Conflict,
                ProblemCodes.Conflict,
                "The request conflicts with the current state."
            ),
            AllocationErrorCode.DuplicatePatient => (
                StatusCodes.Status409Conflict,
                ProblemCodes.DuplicatePatient,
                "The patient already holds a token."
            ),
            AllocationErrorCode.IdempotencyKeyReused => (
                StatusCodes.Status422UnprocessableEntity,
                ProblemCodes.IdempotencyKeyReused,
                "The idempotency key was used for a different request."
            ),
            AllocationErrorCode.CapacityBelowOccupancy => (
                StatusCodes.Status409Conflict,
                ProblemCodes.CapacityBelowOccupancy,
                "The slot holds more seats than the new capacity."
            ),
            _ => (StatusCodes.Status409Conflict, ProblemCodes.Conflict, "The request cannot be carried out."),
        };
}
