using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OpdTokens.Allocation;

namespace OpdTokens.Docs.Snippets;

/// <summary>The body of <c>POST /api/v1/tokens</c>.</summary>
public sealed record AllocateTokenBody(string DoctorId, string PatientName, TokenSource Source)
{
    public string? SlotId { get; init; }

    public string? PatientPhone { get; init; }

    public string? PatientId { get; init; }

    public bool WaitlistIfFull { get; init; } = true;
}

/// <summary>The endpoint of docs/articles/aspnetcore.md.</summary>
public static class TokenEndpoints
{
    #region endpoint
    public static async Task<Results<Created<AllocationResult>, ProblemHttpResult>> AllocateAsync(
        AllocateTokenBody body,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        ClaimsPrincipal user,
        IAllocationEngine engine,
        CancellationToken cancellationToken
    )
    {
        // Ids arrive as text: a malformed one is a 400 like any other bad field, never an exception.
        if (!DoctorId.IsValid(body.DoctorId))
        {
            return ErrorResponses.ToProblem(Invalid("doctorId", "Not a doctor id."));
        }

        SlotId? slotId = null;
        if (body.SlotId is not null)
        {
            if (!SlotId.TryParse(body.SlotId, out var parsed))
            {
                return ErrorResponses.ToProblem(Invalid("slotId", "Not a slot id."));
            }

            slotId = parsed;
        }

        var command = new AllocateToken(
            new DoctorId(body.DoctorId),
            new Patient(body.PatientName, body.PatientPhone, body.PatientId),
            body.Source
        )
        {
            PreferredSlotId = slotId,
            WaitlistIfFull = body.WaitlistIfFull,
            IdempotencyKey = idempotencyKey,
            Actor = user.FindFirstValue(ClaimTypes.Role), // a role for the audit trail, never a person's name
        };

        var result = await engine.AllocateAsync(command, cancellationToken);
        return result.IsSuccess
            ? TypedResults.Created($"/api/v1/tokens/{result.Value.Token.Id}", result.Value)
            : ErrorResponses.ToProblem(result.Error);
    }
    #endregion

    private static AllocationError Invalid(string field, string message) =>
        new(AllocationErrorCode.ValidationFailed, message) { FieldErrors = [new FieldError(field, message)] };
}
