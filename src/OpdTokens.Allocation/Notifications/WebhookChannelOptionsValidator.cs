using Microsoft.Extensions.Options;

namespace OpdTokens.Allocation.Notifications;

/// <summary>Checks <see cref="WebhookChannelOptions"/> all at once.</summary>
internal sealed class WebhookChannelOptionsValidator : IValidateOptions<WebhookChannelOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookChannelOptions options)
    {
        var errors = new List<string>();
        if (
            options.Url is not { IsAbsoluteUri: true } url
            || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
        )
        {
            errors.Add($"Webhook channel '{name}': Url must be an absolute http or https address.");
        }

        if (options.Secret is not { Length: >= WebhookChannelOptions.MinSecretLength })
        {
            errors.Add(
                $"Webhook channel '{name}': Secret must have at least {WebhookChannelOptions.MinSecretLength} characters."
            );
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
