namespace OpdTokens.Samples.Api.Security;

/// <summary>The roles an API key can have.</summary>
internal static class ApiRoles
{
    /// <summary>Everything.</summary>
    public const string Admin = "admin";

    /// <summary>The front desk: books, cancels, marks no-shows and moves tokens; reads the schedule and analytics.</summary>
    public const string Desk = "desk";

    /// <summary>Doctors and nurses: move tokens through check-in and consultation, report delays.</summary>
    public const string Clinician = "clinician";

    /// <summary>A waiting-room screen: a slot's queue only, with initials instead of names.</summary>
    public const string Display = "display";

    public static readonly IReadOnlyList<string> All = [Admin, Desk, Clinician, Display];

    /// <summary>The role's canonical (lower-case) name, or <see langword="null"/> when it is not a role.</summary>
    public static string? Normalize(string? role) =>
        All.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase));
}
