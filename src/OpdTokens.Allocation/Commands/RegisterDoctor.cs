namespace OpdTokens.Allocation;

/// <summary>Adds a doctor to the registry.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="Name">The doctor's display name, 1 to 100 printable characters.</param>
/// <param name="Specialty">The specialty, 1 to 100 printable characters.</param>
public sealed record RegisterDoctor(string Name, string Specialty) : AllocationCommand
{
    /// <summary>Gets the id to use; when <see langword="null"/>, the engine picks the next free <c>D{n}</c>.</summary>
    public DoctorId? Id { get; init; }
}
