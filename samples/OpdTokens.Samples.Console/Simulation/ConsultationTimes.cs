namespace OpdTokens.Samples.Console.Simulation;

/// <summary>How long one doctor's consultations take: whole minutes drawn from the seed around the doctor's own pace,
/// with now and then one that runs far over (a patient who needs more time).</summary>
/// <remarks>Doctors do not work at the schedule's pace: the first works at it, the second is quicker, the third
/// slower (paces 1.0, 0.85, 1.2, 0.95, 1.1 of the nominal slot length / capacity, repeating). Each consultation is
/// log-normal around the doctor's pace (about +-30%), and 1 in 25 takes three times as long. The same seed and
/// doctor always give the same lengths.</remarks>
public sealed class ConsultationTimes
{
    private static readonly double[] Paces = [1.0, 0.85, 1.2, 0.95, 1.1];

    private readonly Random _random;
    private readonly double _median;

    /// <param name="seed">The scenario's seed.</param>
    /// <param name="doctor">The doctor's index, 0-based.</param>
    /// <param name="nominal">The schedule's length per patient.</param>
    public ConsultationTimes(int seed, int doctor, TimeSpan nominal)
    {
        _random = new Random(unchecked((seed * 31) + doctor + 7));
        _median = nominal.TotalMinutes * Paces[doctor % Paces.Length];
    }

    /// <summary>Draws the next consultation's length, at least a minute.</summary>
    public TimeSpan Next()
    {
        // Box-Muller: a standard normal draw from two uniform ones.
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        var normal = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        var minutes = _median * Math.Exp(0.3 * normal);
        if (_random.NextDouble() < 0.04)
        {
            minutes *= 3;
        }

        return TimeSpan.FromMinutes(Math.Max(1, Math.Round(minutes)));
    }
}
