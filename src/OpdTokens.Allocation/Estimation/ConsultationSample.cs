using System.Buffers;

namespace OpdTokens.Allocation.Estimation;

/// <summary>Robust statistics over consultation lengths, and the walk over a doctor-day's tokens that the estimators
/// share.</summary>
internal static class ConsultationSample
{
    /// <summary>Samples of this size or smaller are kept on the stack.</summary>
    private const int StackLimit = 128;

    /// <summary>Huber's tuning constant: residuals beyond 1.5 robust standard deviations are down-weighted.</summary>
    private const double HuberK = 1.5;

    /// <summary>Scales the median absolute deviation to a standard deviation for normal data.</summary>
    private const double MadScale = 1.4826;

    /// <summary>Whether a token of a day counts as having come (checked in, consulting or completed).</summary>
    public static bool Arrived(Token token) =>
        token.Status is TokenStatus.CheckedIn or TokenStatus.Consulting or TokenStatus.Completed;

    /// <summary>Whether a token held a seat and was never seen: a no-show, or cancelled while allocated.</summary>
    public static bool Missed(Token token) =>
        token.Status == TokenStatus.NoShow
        || (token.Status == TokenStatus.Cancelled && token.SlotId is not null && token.CheckedInAt is null);

    /// <summary>The length of a completed consultation in minutes, or <see langword="null"/>.</summary>
    public static double? Minutes(Token token) =>
        token is { Status: TokenStatus.Completed, ConsultationStartedAt: { } started, CompletedAt: { } completed }
        && completed >= started
            ? (completed - started).TotalMinutes
            : null;

    /// <summary>Calls <paramref name="visit"/> for every token of a day, in sequence order.</summary>
    /// <remarks>Looks tokens up by sequence number, which works whatever collection the snapshot keeps them in; the
    /// sequence numbers of a day start at 1 and are never reused.</remarks>
    public static void ForEachToken<TState>(DoctorDay day, ref TState state, TokenVisitor<TState> visit)
        where TState : struct
    {
        var count = day.Tokens.Count;
        var found = 0;
        for (var sequence = 1; found < count && sequence < int.MaxValue; sequence++)
        {
            if (day.Tokens.TryGetValue(sequence, out var token))
            {
                found++;
                visit(token, ref state);
            }
        }
    }

    /// <summary>Visits one token.</summary>
    public delegate void TokenVisitor<TState>(Token token, ref TState state)
        where TState : struct;

    /// <summary>The Huber M-estimate of location of a sample, started from its median with the median absolute
    /// deviation as the scale: a typical value that a few very long or very short consultations barely move.</summary>
    /// <param name="values">The sample; reordered in place.</param>
    /// <returns>The estimate, or 0 for an empty sample.</returns>
    public static double RobustCenter(Span<double> values)
    {
        if (values.IsEmpty)
        {
            return 0;
        }

        values.Sort();
        var median = Median(values);
        double[]? rented = null;
        var deviations =
            values.Length <= StackLimit
                ? stackalloc double[values.Length]
                : (rented = ArrayPool<double>.Shared.Rent(values.Length)).AsSpan(0, values.Length);
        try
        {
            for (var i = 0; i < values.Length; i++)
            {
                deviations[i] = Math.Abs(values[i] - median);
            }

            deviations.Sort();
            var scale = MadScale * Median(deviations);
            if (scale <= 0)
            {
                // More than half the sample is the same value: that value is the typical one.
                return median;
            }

            var center = median;
            for (var iteration = 0; iteration < 10; iteration++)
            {
                double weighted = 0;
                double weights = 0;
                foreach (var value in values)
                {
                    var residual = Math.Abs(value - center);
                    var weight = residual <= HuberK * scale ? 1 : HuberK * scale / residual;
                    weighted += weight * value;
                    weights += weight;
                }

                var next = weighted / weights;
                if (Math.Abs(next - center) < 1e-6)
                {
                    return next;
                }

                center = next;
            }

            return center;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<double>.Shared.Return(rented);
            }
        }
    }

    private static double Median(ReadOnlySpan<double> sorted) =>
        sorted.Length % 2 == 1
            ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}
