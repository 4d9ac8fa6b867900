using Microsoft.Extensions.Options;

namespace OpdTokens.Samples.Api.Security;

/// <summary>Checks the security settings at start-up, every error at once, naming each setting; outside Development
/// the host refuses to start without an admin key, and anywhere it refuses a published demo key among the configured
/// ones.</summary>
/// <remarks>Messages name settings, never key values.</remarks>
internal sealed class SecurityOptionsValidator(IHostEnvironment environment) : IValidateOptions<SecurityOptions>
{
    public const int MinimumKeyLength = 16;

    /// <summary>How every published demo key begins; such a key among the configured ones was copied from the
    /// source code.</summary>
    public const string DemoKeyPrefix = "DEMO-ONLY-";

    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        var errors = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var hasAdmin = false;
        var (keys, demo) = options.ActiveKeys(environment);
        var section = demo ? "DemoApiKeys" : "ApiKeys";
        for (var i = 0; i < keys.Count; i++)
        {
            var entry = keys[i];
            var setting = $"{SecurityOptions.SectionName}:{section}:{i}";
            var keyValid = false;
            if (string.IsNullOrEmpty(entry.Key))
            {
                errors.Add($"{setting}:Key is missing.");
            }
            else if (entry.Key.Length < MinimumKeyLength || entry.Key.Any(c => c is <= ' ' or > '~'))
            {
                errors.Add(
                    $"{setting}:Key must be at least {MinimumKeyLength} printable ASCII characters without spaces."
                );
            }
            else if (!seen.Add(entry.Key))
            {
                errors.Add($"{setting}:Key repeats an earlier key.");
            }
            else
            {
                keyValid = true;
            }

            var role = ApiRoles.Normalize(entry.Role);
            if (role is null)
            {
                errors.Add($"{setting}:Role must be one of: {string.Join(", ", ApiRoles.All)}.");
            }

            if (!demo && entry.Key?.StartsWith(DemoKeyPrefix, StringComparison.Ordinal) == true)
            {
                errors.Add(
                    $"{setting}:Key is a published demo key; demo keys belong in {SecurityOptions.SectionName}:"
                        + "DemoApiKeys and are used only in the Development environment."
                );
            }

            if (entry.PermitLimit is < 1 or > 1_000_000)
            {
                errors.Add($"{setting}:PermitLimit must be 1 to 1000000.");
            }

            hasAdmin |= keyValid && role == ApiRoles.Admin;
        }

        if (!hasAdmin && !environment.IsDevelopment())
        {
            errors.Add(
                $"No admin API key is configured: set {SecurityOptions.SectionName}:ApiKeys:0:Key (at least "
                    + $"{MinimumKeyLength} characters) and {SecurityOptions.SectionName}:ApiKeys:0:Role = admin, for "
                    + "example with the environment variables Security__ApiKeys__0__Key and Security__ApiKeys__0__Role."
            );
        }

        if (options.RateLimit.PermitLimit is < 1 or > 1_000_000)
        {
            errors.Add($"{SecurityOptions.SectionName}:RateLimit:PermitLimit must be 1 to 1000000.");
        }

        if (options.RateLimit.AnonymousPermitLimit is < 1 or > 1_000_000)
        {
            errors.Add($"{SecurityOptions.SectionName}:RateLimit:AnonymousPermitLimit must be 1 to 1000000.");
        }

        if (options.RateLimit.BoardLinkPermitLimit is < 1 or > 1_000_000)
        {
            errors.Add($"{SecurityOptions.SectionName}:RateLimit:BoardLinkPermitLimit must be 1 to 1000000.");
        }

        if (options.RateLimit.WindowSeconds is < 1 or > 3600)
        {
            errors.Add($"{SecurityOptions.SectionName}:RateLimit:WindowSeconds must be 1 to 3600.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
