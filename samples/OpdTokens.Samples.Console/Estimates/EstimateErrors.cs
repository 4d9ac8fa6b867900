using System.Collections.Immutable;
using OpdTokens.Allocation;

namespace OpdTokens.Samples.Console.Estimates;

/// <summary>How far one estimator's check-in estimates were from the actual starts.</summary>
/// <param name="Patients">Patients seen (with an estimate at check-in and an actual start).</param>
/// <param name="MeanAbsoluteErrorMinutes">The mean of |estimate - actual start|.</param>
/// <param name="P90Minutes">The 90th percentile of |estimate - actual start| (nearest rank).</param>
/// <param name="WithinTenMinutes">The share of patients seen within 10 minutes of their estimate.</param>
/// <param name="EstimatesInThePast">Estimates that were earlier than the instant they were given.</param>
public sealed record ErrorFigures(
    int Patients,
    double MeanAbsoluteErrorMinutes,
    double P90Minutes,
    double WithinTenMinutes,
    int EstimatesInThePast
)
{
    /// <summary>Computes the figures of a set of (estimate, actual, given at) triples.</summary>
    public static ErrorFigures Of(
        IReadOnlyList<(DateTimeOffset Estimate, DateTimeOffset Actual, DateTimeOffset At)> seen
    )
    {
        ArgumentNullException.ThrowIfNull(seen);
        if (seen.Count == 0)
        {
            return new ErrorFigures(0, 0, 0, 0, 0);
        }

        var errors = seen.Select(s => Math.Abs((s.Estimate - s.Actual).TotalMinutes)).Order().ToArray();
        var rank = (int)Math.Ceiling(0.9 * errors.Length) - 1;
        return new ErrorFigures(
            errors.Length,
            Math.Round(errors.Average(), 1),
            Math.Round(errors[Math.Clamp(rank, 0, errors.Length - 1)], 1),
            Math.Round(errors.Count(e => e <= 10) / (double)errors.Length, 3),
            seen.Count(s => s.Estimate < s.At)
        );
    }
}

/// <summary>The slot formula and the learned estimator side by side, for one doctor or a whole day.</summary>
/// <param name="Scope">A doctor's id; <c>day</c>; or a late doctor's id with <c>+</c>: that doctor's patients who
/// checked in once the delay was reported, or with <c>-</c>: those who checked in before.</param>
/// <param name="SlotFormula">The slot formula's errors.</param>
/// <param name="Learned">The learned estimator's errors.</param>
public sealed record EstimateComparison(string Scope, ErrorFigures SlotFormula, ErrorFigures Learned)
{
    /// <summary>Gets the learned estimator's mean absolute error over the slot formula's (lower is better).</summary>
    public double MaeRatio =>
        SlotFormula.MeanAbsoluteErrorMinutes <= 0
            ? 0
            : Math.Round(Learned.MeanAbsoluteErrorMinutes / SlotFormula.MeanAbsoluteErrorMinutes, 3);

    /// <summary>Compares the estimates of the patients who were seen, per doctor and for the day.</summary>
    public static ImmutableArray<EstimateComparison> Of(IEnumerable<PatientRecord> patients)
    {
        ArgumentNullException.ThrowIfNull(patients);
        var seen = patients.Where(p => p.ActualStart is not null).ToList();
        var result = ImmutableArray.CreateBuilder<EstimateComparison>();
        foreach (var doctor in seen.Select(p => p.Doctor).Distinct().Order())
        {
            result.Add(Compare(doctor.Value, seen.Where(p => p.Doctor == doctor).ToList()));
        }

        result.Add(Compare("day", seen));

        // A late doctor's patients split at the report: those who checked in before it were mostly moved to later
        // slots by the delay rule, which no estimate made before the report could know (the '-' row), and those who
        // checked in once it was known (the '+' row).
        var finalDelay = seen.GroupBy(p => p.Doctor).ToDictionary(g => g.Key, g => g.Max(p => p.DelayAtCheckIn));
        foreach (var doctor in finalDelay.Where(d => d.Value > TimeSpan.Zero).Select(d => d.Key).Order())
        {
            var known = seen.Where(p => p.Doctor == doctor).ToLookup(p => p.DelayAtCheckIn == finalDelay[doctor]);
            result.Add(Compare(doctor.Value + "+", [.. known[true]]));
            result.Add(Compare(doctor.Value + "-", [.. known[false]]));
        }

        return result.ToImmutable();
    }

    private static EstimateComparison Compare(string scope, List<PatientRecord> seen) =>
        new(
            scope,
            ErrorFigures.Of([.. seen.Select(p => (p.FormulaEstimate, p.ActualStart!.Value, p.CheckedInAt))]),
            ErrorFigures.Of([.. seen.Select(p => (p.LearnedEstimate, p.ActualStart!.Value, p.CheckedInAt))])
        );
}
