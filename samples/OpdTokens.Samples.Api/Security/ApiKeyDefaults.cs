namespace OpdTokens.Samples.Api.Security;

/// <summary>Names of the API-key scheme.</summary>
internal static class ApiKeyDefaults
{
    public const string Scheme = "ApiKey";
    public const string HeaderName = "X-Api-Key";
}
