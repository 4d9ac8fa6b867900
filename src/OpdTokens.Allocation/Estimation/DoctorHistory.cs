using System.Collections.Immutable;
using System.Diagnostics;

namespace OpdTokens.Allocation.Estimation;

/// <summary>What a doctor's earlier days say about them: a typical consultation length and how often tokens of each
/// source came. Estimators use it as the prior that today's observations refine.</summary>
/// <remarks>
/// <para>Built by <see cref="From"/> from stored doctor-days; <see cref="WaitTimeService"/> derives it from the
/// days before today through the store and caches it per doctor and day, so it needs no table of its own and is as
/// durable as the days themselves.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
[DebuggerDisplay("{Consultations} consultations, typical {TypicalConsultation}")]
public sealed class DoctorHistory
{
    private static readonly int SourceCount = Enum.GetValues<TokenSource>().Length;

    private readonly ImmutableArray<int> _arrived;
    private readonly ImmutableArray<int> _missed;

    private DoctorHistory(int consultations, TimeSpan typical, ImmutableArray<int> arrived, ImmutableArray<int> missed)
    {
        Consultations = consultations;
        TypicalConsultation = typical;
        _arrived = arrived;
        _missed = missed;
    }

    /// <summary>Gets the history of a doctor nothing is known about.</summary>
    public static DoctorHistory Empty { get; } =
        new(0, TimeSpan.Zero, ImmutableArray.Create(new int[SourceCount]), ImmutableArray.Create(new int[SourceCount]));

    /// <summary>Gets how many completed consultations the history has seen.</summary>
    public int Consultations { get; }

    /// <summary>Gets the robust typical length of those consultations (a Huber estimate); zero when there were
    /// none.</summary>
    public TimeSpan TypicalConsultation { get; }

    /// <summary>Gets how many seat-holding tokens of a source came (checked in, consulting or completed).</summary>
    /// <param name="source">The source.</param>
    /// <returns>The count.</returns>
    public int Arrived(TokenSource source) => _arrived[(int)source];

    /// <summary>Gets how many seat-holding tokens of a source never came (no-shows and cancellations before
    /// check-in).</summary>
    /// <param name="source">The source.</param>
    /// <returns>The count.</returns>
    public int Missed(TokenSource source) => _missed[(int)source];

    /// <summary>Summarises stored doctor-days of one doctor.</summary>
    /// <param name="days">The days, in any order.</param>
    /// <returns>The history.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="days"/> is <see langword="null"/>.</exception>
    public static DoctorHistory From(IEnumerable<DoctorDay> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        var state = new Tally(new List<double>(), new int[SourceCount], new int[SourceCount]);
        foreach (var day in days)
        {
            ArgumentNullException.ThrowIfNull(day, nameof(days));
            ConsultationSample.ForEachToken(day, ref state, Count);
        }

        if (state.Minutes.Count == 0 && state.Arrived.All(c => c == 0) && state.Missed.All(c => c == 0))
        {
            return Empty;
        }

        var minutes = state.Minutes.ToArray();
        var typical = ConsultationSample.RobustCenter(minutes);
        return new DoctorHistory(
            minutes.Length,
            TimeSpan.FromMinutes(typical),
            ImmutableArray.Create(state.Arrived),
            ImmutableArray.Create(state.Missed)
        );
    }

    private static void Count(Token token, ref Tally tally)
    {
        if (ConsultationSample.Minutes(token) is { } minutes)
        {
            tally.Minutes.Add(minutes);
        }

        if (ConsultationSample.Arrived(token))
        {
            tally.Arrived[(int)token.Source]++;
        }
        else if (ConsultationSample.Missed(token))
        {
            tally.Missed[(int)token.Source]++;
        }
    }

    private record struct Tally(List<double> Minutes, int[] Arrived, int[] Missed);
}
