using System.Buffers;
using System.Diagnostics;

namespace OpdTokens.Allocation.Estimation;

/// <summary>What a doctor-day snapshot and the doctor's history say about the next consultations: a typical
/// consultation length learned from the observed ones, the patient in the room and since when, and how likely a
/// token of each source is to come.</summary>
/// <remarks>
/// <para><see cref="Observe"/> is a pure function of the snapshot and the history. The consultation length is a Huber
/// estimate over today's most recent <see cref="RecentWindow"/> completed consultations (consulting to completed),
/// so one consultation that ran for an hour, or one closed in a minute, barely moves it, while a doctor who slows
/// down through the day is followed. It is blended with the history and with the slot's nominal length (slot length
/// / capacity), each counting as a few observations, so the first consultations of a day do not swing it.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
[DebuggerDisplay("{TodayConsultations} today, typical {TodayTypical}; history {History.Consultations}")]
public sealed class DoctorStatistics
{
    /// <summary>Today's consultations the estimate follows: the most recent ones.</summary>
    public const int RecentWindow = 40;

    /// <summary>How many observations the slot's nominal length counts as.</summary>
    public const double NominalWeight = 2;

    /// <summary>How many observations the history counts as at most, so today soon outweighs it.</summary>
    public const double HistoryWeight = 10;

    /// <summary>How many arrivals every source starts with before any is observed: with no data, every token is
    /// expected to come.</summary>
    public const double ArrivalPrior = 4;

    private static readonly int SourceCount = Enum.GetValues<TokenSource>().Length;

    private readonly int[] _arrived;
    private readonly int[] _missed;

    private DoctorStatistics(
        DoctorHistory history,
        int todayConsultations,
        TimeSpan todayTypical,
        DateTimeOffset? consultingSince,
        int[] arrived,
        int[] missed
    )
    {
        History = history;
        TodayConsultations = todayConsultations;
        TodayTypical = todayTypical;
        ConsultingSince = consultingSince;
        _arrived = arrived;
        _missed = missed;
    }

    /// <summary>Gets the history the statistics were blended with.</summary>
    public DoctorHistory History { get; }

    /// <summary>Gets how many of today's completed consultations were observed (at most
    /// <see cref="RecentWindow"/>).</summary>
    public int TodayConsultations { get; }

    /// <summary>Gets the robust typical length of today's observed consultations; zero when there were none.</summary>
    public TimeSpan TodayTypical { get; }

    /// <summary>Gets when the consultation under way started, or <see langword="null"/> when the doctor is free.</summary>
    public DateTimeOffset? ConsultingSince { get; }

    /// <summary>Gets whether anything was observed about the doctor's consultations, today or before.</summary>
    public bool HasHistory => TodayConsultations > 0 || History.Consultations > 0;

    /// <summary>Observes a doctor-day.</summary>
    /// <param name="day">The snapshot.</param>
    /// <param name="history">The doctor's earlier days.</param>
    /// <returns>The statistics.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static DoctorStatistics Observe(DoctorDay day, DoctorHistory history)
    {
        ArgumentNullException.ThrowIfNull(day);
        ArgumentNullException.ThrowIfNull(history);
        var arrived = new int[SourceCount];
        var missed = new int[SourceCount];
        for (var s = 0; s < SourceCount; s++)
        {
            arrived[s] = history.Arrived((TokenSource)s);
            missed[s] = history.Missed((TokenSource)s);
        }

        var count = day.Tokens.Count;
        var completedAt = ArrayPool<long>.Shared.Rent(Math.Max(1, count));
        var minutes = ArrayPool<double>.Shared.Rent(Math.Max(1, count));
        try
        {
            var observed = 0;
            DateTimeOffset? consultingSince = null;
            var found = 0;
            // Tokens are looked up by sequence number, which works whatever collection the snapshot keeps them in.
            for (var sequence = 1; found < count && sequence < int.MaxValue; sequence++)
            {
                if (!day.Tokens.TryGetValue(sequence, out var token))
                {
                    continue;
                }

                found++;
                if (ConsultationSample.Minutes(token) is { } length)
                {
                    completedAt[observed] = token.CompletedAt!.Value.UtcTicks;
                    minutes[observed] = length;
                    observed++;
                }

                if (token is { Status: TokenStatus.Consulting, ConsultationStartedAt: { } started })
                {
                    consultingSince = consultingSince is { } since && since > started ? since : started;
                }

                if (ConsultationSample.Arrived(token))
                {
                    arrived[(int)token.Source]++;
                }
                else if (ConsultationSample.Missed(token))
                {
                    missed[(int)token.Source]++;
                }
            }

            // The most recent consultations, so a doctor who speeds up or slows down is followed.
            var recent = minutes.AsSpan(0, observed);
            if (observed > RecentWindow)
            {
                completedAt.AsSpan(0, observed).Sort(recent);
                recent = recent[(observed - RecentWindow)..];
            }

            var typical = ConsultationSample.RobustCenter(recent);
            return new DoctorStatistics(
                history,
                recent.Length,
                TimeSpan.FromMinutes(typical),
                consultingSince,
                arrived,
                missed
            );
        }
        finally
        {
            ArrayPool<long>.Shared.Return(completedAt);
            ArrayPool<double>.Shared.Return(minutes);
        }
    }

    /// <summary>Gets the typical consultation length to plan a slot with: today's, the history's and the slot's
    /// nominal length blended by how much each has seen.</summary>
    /// <param name="nominal">The slot's nominal length per seat (slot length / capacity).</param>
    /// <returns>The length.</returns>
    public TimeSpan TypicalConsultation(TimeSpan nominal)
    {
        var historyWeight = Math.Min(HistoryWeight, History.Consultations);
        var total = TodayConsultations + historyWeight + NominalWeight;
        var minutes =
            (
                (TodayConsultations * TodayTypical.TotalMinutes)
                + (historyWeight * History.TypicalConsultation.TotalMinutes)
                + (NominalWeight * nominal.TotalMinutes)
            ) / total;
        return TimeSpan.FromMinutes(minutes);
    }

    /// <summary>Gets how likely an allocated token of a source is to come: the share of seat-holding tokens of that
    /// source that came, today and before, starting from <see cref="ArrivalPrior"/> arrivals.</summary>
    /// <param name="source">The source.</param>
    /// <returns>A probability, 0 to 1.</returns>
    public double ArrivalProbability(TokenSource source)
    {
        var arrived = _arrived[(int)source] + ArrivalPrior;
        return arrived / (arrived + _missed[(int)source]);
    }
}
