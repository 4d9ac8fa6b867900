using System.Globalization;
using OpdTokens.Allocation;
using OpdTokens.Samples.Api.Presentation;

namespace OpdTokens.Samples.Api.Board;

/// <summary>Builds what a board shows of one doctor-day: token numbers, initials and estimated times, never a name or
/// a phone number.</summary>
internal static class BoardView
{
    public static DoctorBoardResponse Of(Doctor doctor, DoctorDay day, WaitTimeEstimates estimates, int next)
    {
        var serving = new List<BoardTokenResponse>();
        var count = day.Tokens.Count;
        var found = 0;
        // Looked up by sequence number, whatever collection the snapshot keeps its tokens in.
        for (var sequence = 1; found < count && sequence < int.MaxValue; sequence++)
        {
            if (!day.Tokens.TryGetValue(sequence, out var token))
            {
                continue;
            }

            found++;
            if (token.Status == TokenStatus.Consulting)
            {
                serving.Add(Present(token, token.ConsultationStartedAt));
            }
        }

        var upcoming = new List<BoardTokenResponse>(next);
        foreach (var estimate in estimates.Entries)
        {
            if (upcoming.Count == next)
            {
                break;
            }

            if (day.FindToken(estimate.TokenId) is { } token)
            {
                upcoming.Add(Present(token, estimate.EstimatedStart));
            }
        }

        return new DoctorBoardResponse(
            doctor.Id.Value,
            doctor.Name,
            day.Key.Date,
            Resources.DelayMinutes(day.Delay),
            serving,
            upcoming,
            estimates.Entries.Length
        );
    }

    private static BoardTokenResponse Present(Token token, DateTimeOffset? at) =>
        new(
            token.Number,
            PatientInitials.Of(token.Patient.Name),
            token.Status is TokenStatus.CheckedIn or TokenStatus.Consulting,
            at,
            at?.ToString("HH:mm", CultureInfo.InvariantCulture)
        );
}
