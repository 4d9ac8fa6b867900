namespace OpdTokens.Allocation;

/// <summary>Stops a doctor taking new tokens and slots; existing tokens stay as they are.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="Id">The doctor.</param>
public sealed record DeactivateDoctor(DoctorId Id) : AllocationCommand;
