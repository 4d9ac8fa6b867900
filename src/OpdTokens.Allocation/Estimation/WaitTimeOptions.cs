using Microsoft.Extensions.Options;

namespace OpdTokens.Allocation.Estimation;

/// <summary>Settings of <see cref="WaitTimeService"/>.</summary>
/// <remarks>Bind them with <c>services.AddOptions&lt;WaitTimeOptions&gt;().BindConfiguration("OpdTokens:WaitTimes")</c>
/// or change them with <c>ConfigureWaitTimes</c> on the allocation builder; they are validated at start-up. Not
/// thread-safe: set them before the service is created.</remarks>
public sealed class WaitTimeOptions
{
    /// <summary>The most earlier days <see cref="HistoryDays"/> may name.</summary>
    public const int MaxHistoryDays = 90;

    /// <summary>Gets or sets how many days before a doctor-day are read to learn the doctor's history (consultation
    /// lengths, how often each source comes), 0 to <see cref="MaxHistoryDays"/>; 0 learns from the day itself
    /// only.</summary>
    /// <value>The default value is 7.</value>
    public int HistoryDays { get; set; } = 7;

    /// <summary>Checks the settings, every error at once.</summary>
    /// <param name="options">The settings.</param>
    /// <exception cref="OptionsValidationException">A setting is not valid.</exception>
    internal static void ThrowIfInvalid(WaitTimeOptions options)
    {
        var result = new WaitTimeOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(WaitTimeOptions), result.Failures ?? []);
        }
    }
}

/// <summary>Validates <see cref="WaitTimeOptions"/>.</summary>
internal sealed class WaitTimeOptionsValidator : IValidateOptions<WaitTimeOptions>
{
    public ValidateOptionsResult Validate(string? name, WaitTimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.HistoryDays is < 0 or > WaitTimeOptions.MaxHistoryDays
            ? ValidateOptionsResult.Fail(
                $"WaitTimes:HistoryDays must be 0 to {WaitTimeOptions.MaxHistoryDays}, not {options.HistoryDays}."
            )
            : ValidateOptionsResult.Success;
    }
}
