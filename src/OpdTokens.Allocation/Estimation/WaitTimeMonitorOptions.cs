using Microsoft.Extensions.Options;

namespace OpdTokens.Allocation.Estimation;

/// <summary>Settings of <see cref="WaitTimeMonitor"/>.</summary>
/// <remarks>Validated at start-up. Not thread-safe: set them before the monitor is created.</remarks>
public sealed class WaitTimeMonitorOptions
{
    /// <summary>Gets or sets how far an estimated start must move, earlier or later, before
    /// <see cref="WaitTimeMonitor.EstimateChanged"/> is raised: more than zero, at most a day.</summary>
    /// <value>The default value is 10 minutes.</value>
    public TimeSpan Margin { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Checks the settings.</summary>
    /// <param name="options">The settings.</param>
    /// <exception cref="OptionsValidationException">A setting is not valid.</exception>
    internal static void ThrowIfInvalid(WaitTimeMonitorOptions options)
    {
        var result = new WaitTimeMonitorOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(
                Options.DefaultName,
                typeof(WaitTimeMonitorOptions),
                result.Failures ?? []
            );
        }
    }
}

/// <summary>Validates <see cref="WaitTimeMonitorOptions"/>.</summary>
internal sealed class WaitTimeMonitorOptionsValidator : IValidateOptions<WaitTimeMonitorOptions>
{
    public ValidateOptionsResult Validate(string? name, WaitTimeMonitorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Margin <= TimeSpan.Zero || options.Margin > TimeSpan.FromDays(1)
            ? ValidateOptionsResult.Fail(
                $"WaitTimeMonitor:Margin must be more than zero and at most a day, not {options.Margin}."
            )
            : ValidateOptionsResult.Success;
    }
}
