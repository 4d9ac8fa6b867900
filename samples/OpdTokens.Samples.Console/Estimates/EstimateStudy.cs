using System.Collections.Immutable;
using System.Globalization;
using OpdTokens.Samples.Console.Simulation;

namespace OpdTokens.Samples.Console.Estimates;

/// <summary>The estimate errors of several seeds: per seed, per doctor and for the day, the slot formula and the
/// learned estimator side by side, and all seeds pooled.</summary>
/// <param name="Seeds">The seeds run.</param>
/// <param name="Runs">Per seed, the comparisons (per doctor, then <c>day</c>).</param>
/// <param name="Pooled">Every seed's patients together (per doctor, then <c>day</c>).</param>
public sealed record EstimateStudy(
    ImmutableArray<int> Seeds,
    ImmutableArray<SeedEstimates> Runs,
    ImmutableArray<EstimateComparison> Pooled
)
{
    /// <summary>How many seeds <c>--estimates</c> runs: the chosen seed and the next ones.</summary>
    public const int DefaultSeeds = 5;

    /// <summary>Runs the day for <paramref name="seeds"/> seeds from the settings' seed on.</summary>
    public static async Task<EstimateStudy> RunAsync(
        ScenarioSettings settings,
        int seeds = DefaultSeeds,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(settings);
        var runs = ImmutableArray.CreateBuilder<SeedEstimates>(seeds);
        var all = new List<PatientRecord>();
        for (var i = 0; i < seeds; i++)
        {
            var seed = unchecked(settings.Seed + i);
            var day = await RecordedDay.RunAsync(settings with { Seed = seed }, cancellationToken);
            all.AddRange(day.Patients);
            runs.Add(new SeedEstimates(seed, EstimateComparison.Of(day.Patients)));
        }

        return new EstimateStudy([.. runs.Select(r => r.Seed)], runs.MoveToImmutable(), EstimateComparison.Of(all));
    }

    /// <summary>Prints the study as a table.</summary>
    public void Write(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(
            "Estimate at check-in vs actual start (minutes): slot formula | learned estimator; "
                + "MAE, p90, share seen within 10 min"
        );
        output.WriteLine(
            "  seed      scope   patients | formula MAE    p90  <=10 | learned MAE    p90  <=10 | MAE ratio | past"
        );
        foreach (var run in Runs)
        {
            foreach (var row in run.Comparisons)
            {
                Row(output, c, run.Seed.ToString(c), row);
            }
        }

        foreach (var row in Pooled)
        {
            Row(output, c, "all", row);
        }
    }

    private static void Row(TextWriter output, CultureInfo c, string seed, EstimateComparison row) =>
        output.WriteLine(
            string.Create(
                c,
                $"  {seed, -9} {row.Scope, 5} {row.Learned.Patients, 10} | {row.SlotFormula.MeanAbsoluteErrorMinutes, 11:0.0} "
                    + $"{row.SlotFormula.P90Minutes, 6:0.0} {row.SlotFormula.WithinTenMinutes, 5:P0} | "
                    + $"{row.Learned.MeanAbsoluteErrorMinutes, 11:0.0} {row.Learned.P90Minutes, 6:0.0} "
                    + $"{row.Learned.WithinTenMinutes, 5:P0} | {row.MaeRatio, 9:0.00} | "
                    + $"{row.SlotFormula.EstimatesInThePast + row.Learned.EstimatesInThePast, 4}"
            )
        );
}

/// <summary>One seed's comparisons.</summary>
/// <param name="Seed">The seed.</param>
/// <param name="Comparisons">Per doctor, then <c>day</c>.</param>
public sealed record SeedEstimates(int Seed, ImmutableArray<EstimateComparison> Comparisons);
