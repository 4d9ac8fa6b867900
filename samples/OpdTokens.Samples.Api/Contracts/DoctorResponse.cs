namespace OpdTokens.Samples.Api.Contracts;

/// <summary>A doctor.</summary>
internal sealed record DoctorResponse(string Id, string Name, string Specialty, bool IsActive);
