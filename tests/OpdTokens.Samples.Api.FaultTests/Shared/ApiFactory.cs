namespace OpdTokens.Samples.Api.Tests;

/// <summary>The one member of the API tests' factory that the shared <see cref="ApiClient"/> names (a default date);
/// these checks run the sample as a process instead and always pass their dates.</summary>
internal static class ApiFactory
{
    public const string Today = "2026-11-21";
}
