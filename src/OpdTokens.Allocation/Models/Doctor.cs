using System.Text.Json.Serialization;
using OpdTokens.Allocation.Serialization;

namespace OpdTokens.Allocation;

/// <summary>A doctor in the registry.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="Id">The doctor's id.</param>
/// <param name="Name">The doctor's display name, 1 to 100 printable characters.</param>
/// <param name="Specialty">The specialty, 1 to 100 printable characters; alternatives are offered within it.</param>
/// <param name="IsActive">Whether the doctor takes new tokens.</param>
[JsonConverter(typeof(DoctorJsonConverter))]
public sealed record Doctor(DoctorId Id, string Name, string Specialty, bool IsActive = true);
