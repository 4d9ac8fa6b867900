using OpdTokens.Allocation;

namespace OpdTokens.Samples.Console.Simulation;

/// <summary>A notable moment of the day: a late doctor, a closed slot, an emergency into a full schedule.</summary>
/// <param name="At">When it happened.</param>
/// <param name="Doctor">The doctor concerned.</param>
/// <param name="Kind">A short machine-readable name, such as <c>doctor_late</c>.</param>
/// <param name="Text">What happened, in plain words.</param>
public sealed record Highlight(DateTimeOffset At, DoctorId Doctor, string Kind, string Text);
