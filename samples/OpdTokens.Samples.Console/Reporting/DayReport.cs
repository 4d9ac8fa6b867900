using System.Collections.Immutable;
using OpdTokens.Allocation;
using OpdTokens.Samples.Console.Invariants;
using OpdTokens.Samples.Console.Simulation;

namespace OpdTokens.Samples.Console.Reporting;

/// <summary>Everything the console prints about a simulated day, as data (the JSON output is this record).</summary>
/// <param name="Day">The OPD day.</param>
/// <param name="Policy">The priority policy.</param>
/// <param name="Seed">The random seed.</param>
/// <param name="SlotsPerDoctor">Hourly slots per doctor.</param>
/// <param name="SlotCapacity">Seats per slot.</param>
/// <param name="Seats">Seats of the day (closed slots included).</param>
/// <param name="Requests">Allocation requests sent.</param>
/// <param name="RequestsBySource">Requests by source.</param>
/// <param name="Outcomes">Successful requests by outcome.</param>
/// <param name="Rejected">Requests that created no token.</param>
/// <param name="Rerouted">Requests re-sent without a preferred slot because it had closed.</param>
/// <param name="Totals">The figures of the whole day.</param>
/// <param name="Doctors">Per doctor.</param>
/// <param name="Highlights">The notable moments.</param>
/// <param name="SampleQueues">Queues as display boards showed them.</param>
/// <param name="Invariants">The invariant checks.</param>
/// <param name="UnexpectedErrors">Commands the engine refused although they should have worked.</param>
/// <param name="Commands">Commands sent to the engine.</param>
/// <param name="LastPatientLeft">When the last consultation ended (local time).</param>
public sealed record DayReport(
    DateOnly Day,
    string Policy,
    int Seed,
    int SlotsPerDoctor,
    int SlotCapacity,
    int Seats,
    int Requests,
    ImmutableSortedDictionary<TokenSource, int> RequestsBySource,
    ImmutableSortedDictionary<AllocationOutcome, int> Outcomes,
    int Rejected,
    int Rerouted,
    DayTotals Totals,
    ImmutableArray<DoctorReport> Doctors,
    ImmutableArray<Highlight> Highlights,
    ImmutableArray<QueueSnapshot> SampleQueues,
    InvariantReport Invariants,
    ImmutableArray<string> UnexpectedErrors,
    int Commands,
    TimeOnly LastPatientLeft
)
{
    /// <summary>Gets whether the run is a success: every invariant holds and no command failed unexpectedly.</summary>
    public bool Succeeded => Invariants.AllHold && UnexpectedErrors.IsEmpty;
}

/// <summary>The figures of a whole day, summed over the doctors.</summary>
/// <param name="Tokens">Tokens created.</param>
/// <param name="BookedDayBefore">Tokens booked the day before (more than 24 hours ahead, so the tiered policy gave
/// them its early-booking bonus).</param>
/// <param name="ByStatus">Tokens by final status.</param>
/// <param name="Capacity">Seats of the open (not closed) slots.</param>
/// <param name="SeatsHeld">Seats held in open slots at the end (every seat-holder).</param>
/// <param name="Utilization">Seats held over capacity.</param>
/// <param name="Waitlisted">Tokens still waitlisted when the OPD closed.</param>
/// <param name="PeakWaitlist">The sum of the doctors' longest waitlists.</param>
/// <param name="Bumps">Bumps.</param>
/// <param name="Overflows">Emergencies placed over capacity.</param>
/// <param name="Emergencies">Emergency tokens.</param>
/// <param name="Cancellations">Cancelled tokens.</param>
/// <param name="NoShows">No-show tokens.</param>
/// <param name="Completed">Consultations completed.</param>
/// <param name="CheckIns">Check-ins.</param>
/// <param name="AverageEstimatedWaitMinutes">The engine's estimated wait at check-in, averaged.</param>
/// <param name="AverageActualWaitMinutes">The wait from check-in to consultation, averaged.</param>
public sealed record DayTotals(
    int Tokens,
    int BookedDayBefore,
    ImmutableSortedDictionary<TokenStatus, int> ByStatus,
    int Capacity,
    int SeatsHeld,
    double Utilization,
    int Waitlisted,
    int PeakWaitlist,
    int Bumps,
    int Overflows,
    int Emergencies,
    int Cancellations,
    int NoShows,
    int Completed,
    int CheckIns,
    double AverageEstimatedWaitMinutes,
    double AverageActualWaitMinutes
);

/// <summary>One doctor's day.</summary>
public sealed record DoctorReport(
    string Id,
    string Name,
    string Specialty,
    int DelayMinutes,
    ImmutableArray<SlotReport> Slots,
    int Tokens,
    int BookedDayBefore,
    ImmutableSortedDictionary<TokenStatus, int> ByStatus,
    int Capacity,
    int SeatsHeld,
    double Utilization,
    int Waitlisted,
    int PeakWaitlist,
    int Bumps,
    int Overflows,
    int Emergencies,
    int Cancellations,
    int NoShows,
    int Completed,
    double AverageEstimatedWaitMinutes,
    double AverageActualWaitMinutes
);

/// <summary>One slot at the end of the day.</summary>
/// <param name="Id">The slot id.</param>
/// <param name="Start">Local start.</param>
/// <param name="End">Local end.</param>
/// <param name="Closed">Whether the slot was closed.</param>
/// <param name="Capacity">Seats.</param>
/// <param name="SeatsHeld">Seats held by tokens (emergency overflow can exceed the capacity).</param>
/// <param name="Utilization">Seats held over capacity, capped at 1.</param>
/// <param name="Completed">Consultations completed in it.</param>
/// <param name="NoShows">No-shows in it.</param>
/// <param name="Cancelled">Tokens cancelled while in it.</param>
/// <param name="Overflows">Emergencies placed in it over capacity.</param>
/// <param name="Emergencies">Emergency seat-holders.</param>
public sealed record SlotReport(
    string Id,
    TimeOnly Start,
    TimeOnly End,
    bool Closed,
    int Capacity,
    int SeatsHeld,
    double Utilization,
    int Completed,
    int NoShows,
    int Cancelled,
    int Overflows,
    int Emergencies
);
