using OpdTokens.Allocation;

namespace OpdTokens.Samples.Console.Simulation;

/// <summary>One token request of the simulated day, drawn in advance from the seed.</summary>
/// <param name="At">When the request reaches the engine.</param>
/// <param name="Doctor">The doctor's index, 0-based.</param>
/// <param name="Source">Where the request comes from.</param>
/// <param name="PreferredSlot">The preferred slot's index, 0-based, or <see langword="null"/> for the first slot with
/// room.</param>
/// <param name="Patient">The patient.</param>
/// <param name="Behaviour">What the patient does with the token.</param>
/// <param name="ArrivalLead">How long before the slot starts the patient checks in.</param>
/// <param name="CancelAt">When a cancelling patient cancels.</param>
public sealed record PlannedRequest(
    DateTimeOffset At,
    int Doctor,
    TokenSource Source,
    int? PreferredSlot,
    Patient Patient,
    PatientBehaviour Behaviour,
    TimeSpan ArrivalLead,
    DateTimeOffset? CancelAt
);
