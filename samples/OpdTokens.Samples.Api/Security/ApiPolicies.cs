using Microsoft.AspNetCore.Authorization;

namespace OpdTokens.Samples.Api.Security;

/// <summary>What each role may do, as authorization policies named after the capability they grant.</summary>
internal static class ApiPolicies
{
    /// <summary>Add doctors and slots, close and resize slots, deactivate doctors.</summary>
    public const string ManageSchedule = "manage-schedule";

    /// <summary>Read doctors and slots.</summary>
    public const string ReadSchedule = "read-schedule";

    /// <summary>Read a slot's queue and its live stream.</summary>
    public const string ReadQueues = "read-queues";

    /// <summary>Create tokens, cancel them, mark no-shows, reallocate.</summary>
    public const string BookTokens = "book-tokens";

    /// <summary>Read tokens.</summary>
    public const string ReadTokens = "read-tokens";

    /// <summary>Change a token's status (check in, consult, complete, cancel, no-show).</summary>
    public const string ChangeTokenStatus = "change-token-status";

    /// <summary>Report a doctor's delay.</summary>
    public const string ReportDelays = "report-delays";

    /// <summary>Read analytics.</summary>
    public const string ReadAnalytics = "read-analytics";

    /// <summary>See the notification outbox, list its dead letters and retry them.</summary>
    public const string ManageNotifications = "manage-notifications";

    /// <summary>The roles of each policy: the access table of the security model.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Roles = new Dictionary<string, string[]>
    {
        [ManageSchedule] = [ApiRoles.Admin],
        [ReadSchedule] = [ApiRoles.Admin, ApiRoles.Desk, ApiRoles.Clinician],
        [ReadQueues] = [ApiRoles.Admin, ApiRoles.Desk, ApiRoles.Clinician, ApiRoles.Display],
        [BookTokens] = [ApiRoles.Admin, ApiRoles.Desk],
        [ReadTokens] = [ApiRoles.Admin, ApiRoles.Desk, ApiRoles.Clinician],
        [ChangeTokenStatus] = [ApiRoles.Admin, ApiRoles.Clinician],
        [ReportDelays] = [ApiRoles.Admin, ApiRoles.Clinician],
        [ReadAnalytics] = [ApiRoles.Admin, ApiRoles.Desk],
        [ManageNotifications] = [ApiRoles.Admin],
    };

    public static AuthorizationBuilder AddApiPolicies(this AuthorizationBuilder authorization)
    {
        foreach (var (policy, roles) in Roles)
        {
            authorization.AddPolicy(policy, p => p.AddAuthenticationSchemes(ApiKeyDefaults.Scheme).RequireRole(roles));
        }

        return authorization;
    }
}
