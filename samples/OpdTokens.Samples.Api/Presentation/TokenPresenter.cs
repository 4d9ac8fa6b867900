using OpdTokens.Allocation;
using OpdTokens.Samples.Api.Contracts;

namespace OpdTokens.Samples.Api.Presentation;

/// <summary>Turns tokens into the contract's Token JSON, with queue position and estimated start from the doctor-day
/// snapshot.</summary>
internal sealed class TokenPresenter(IAllocationEngine engine)
{
    public async ValueTask<TokenResponse> PresentAsync(Token token, CancellationToken cancellationToken)
    {
        var day = await engine.GetDoctorDayAsync(token.Partition, cancellationToken);
        return Present(token, day);
    }

    public async ValueTask<TokenResponse?> PresentOrNullAsync(Token? token, CancellationToken cancellationToken) =>
        token is null ? null : await PresentAsync(token, cancellationToken);

    public async ValueTask<IReadOnlyList<TokenResponse>> PresentAsync(
        IEnumerable<Token> tokens,
        CancellationToken cancellationToken
    )
    {
        var days = new Dictionary<PartitionKey, DoctorDay>();
        var result = new List<TokenResponse>();
        foreach (var token in tokens)
        {
            if (!days.TryGetValue(token.Partition, out var day))
            {
                day = await engine.GetDoctorDayAsync(token.Partition, cancellationToken);
                days[token.Partition] = day;
            }

            result.Add(Present(token, day));
        }

        return result;
    }

    public async ValueTask<AllocationResponse> PresentAsync(
        AllocationResult allocation,
        CancellationToken cancellationToken
    )
    {
        var day = await engine.GetDoctorDayAsync(allocation.Token.Partition, cancellationToken);
        return new AllocationResponse(
            Present(allocation.Token, day),
            allocation.Outcome,
            allocation.BumpedToken is { } bumped ? Present(bumped, day) : null,
            Resources.Alternatives(allocation.Alternatives),
            allocation.ReplacedToken is { } replaced ? Present(replaced, day) : null
        );
    }

    public async ValueTask<StatusChangeResponse> PresentAsync(
        StatusChangeResult change,
        CancellationToken cancellationToken
    )
    {
        var day = await engine.GetDoctorDayAsync(change.Token.Partition, cancellationToken);
        return new StatusChangeResponse(
            Present(change.Token, day),
            change.PromotedToken is { } promoted ? Present(promoted, day) : null
        );
    }

    public static TokenResponse Present(Token token, DoctorDay day) =>
        Present(token, day.GetQueuePosition(token), day.GetEstimatedStart(token));

    public static TokenResponse Present(QueueEntry entry) => Present(entry.Token, entry.Position, entry.EstimatedStart);

    /// <summary>What a waiting-room display may show: initials, no phone, no patient id.</summary>
    public static DisplayTokenResponse PresentForDisplay(QueueEntry entry)
    {
        var token = entry.Token;
        return new DisplayTokenResponse(
            token.Id.ToString(),
            token.Number,
            token.DoctorId.Value,
            token.Date,
            token.SlotId?.ToString(),
            PatientInitials.Of(token.Patient.Name),
            token.Source,
            token.Status,
            token.PriorityScore,
            token.Sequence,
            token.IsEmergency,
            token.IsOverflow,
            entry.Position,
            entry.EstimatedStart,
            token.CreatedAt,
            token.AllocatedAt,
            token.CheckedInAt
        );
    }

    private static TokenResponse Present(Token token, int? position, DateTimeOffset? estimatedStart) =>
        new(
            token.Id.ToString(),
            token.Number,
            token.DoctorId.Value,
            token.Date,
            token.SlotId?.ToString(),
            token.Patient.Name,
            token.Patient.Phone,
            token.Source,
            token.Status,
            token.PriorityScore,
            token.Sequence,
            token.IsEmergency,
            token.IsOverflow,
            position,
            estimatedStart,
            token.CreatedAt,
            token.AllocatedAt,
            token.CheckedInAt,
            token.CompletedAt,
            token.CancelledAt,
            token.Patient.PatientId,
            token.BumpCount,
            token.ConsultationStartedAt,
            token.NoShowAt
        );
}
