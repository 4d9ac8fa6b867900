namespace OpdTokens.Allocation;

/// <summary>Changes a doctor's name, specialty or active flag.</summary>
/// <remarks>
/// <para>Deactivating a doctor stops new tokens; existing tokens stay as they are.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
/// <param name="Id">The doctor.</param>
/// <param name="Name">The new display name, 1 to 100 printable characters.</param>
/// <param name="Specialty">The new specialty, 1 to 100 printable characters.</param>
/// <param name="IsActive">Whether the doctor takes new tokens.</param>
public sealed record UpdateDoctor(DoctorId Id, string Name, string Specialty, bool IsActive) : AllocationCommand;
