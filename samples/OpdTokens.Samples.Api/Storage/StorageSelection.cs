using Microsoft.Extensions.DependencyInjection;
using OpdTokens.Allocation.DependencyInjection;

namespace OpdTokens.Samples.Api.Storage;

/// <summary>Chooses where the engine keeps its state: <c>--store inmemory</c> on the command line, or the
/// configuration key <c>Storage:Provider</c>.</summary>
/// <remarks>This is the one place that maps a provider name to an <c>IStateStore</c>; a durable store is added as
/// one more case calling <see cref="OpdTokenAllocationBuilder.UseStateStore(Func{IServiceProvider, Allocation.Storage.IStateStore})"/>.</remarks>
internal static class StorageSelection
{
    public const string ConfigurationKey = "Storage:Provider";

    public const string InMemory = "inmemory";

    /// <summary>Maps the <c>--store</c> command-line switch to <see cref="ConfigurationKey"/>.</summary>
    public static readonly IDictionary<string, string> SwitchMappings = new Dictionary<string, string>(
        StringComparer.OrdinalIgnoreCase
    )
    {
        ["--store"] = ConfigurationKey,
    };

    public static OpdTokenAllocationBuilder UseConfiguredStore(
        this OpdTokenAllocationBuilder allocation,
        IConfiguration configuration
    )
    {
        var provider = configuration[ConfigurationKey]?.Trim() ?? InMemory;
        return provider.ToLowerInvariant() switch
        {
            // The engine's default store: state lives as long as the process.
            InMemory => allocation,
            _ => throw new InvalidOperationException(
                $"{ConfigurationKey} (--store) is '{provider}'; the supported stores are: {InMemory}."
            ),
        };
    }
}
