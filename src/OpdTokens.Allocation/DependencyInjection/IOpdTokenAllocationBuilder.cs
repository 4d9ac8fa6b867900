using Microsoft.Extensions.Options;
using OpdTokens.Allocation;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Configures the allocation engine registered by
/// <see cref="OpdTokenAllocationServiceCollectionExtensions.AddOpdTokenAllocation(IServiceCollection, Action{OpdTokenAllocationOptions}?)"/>:
/// the policy, the store, event sinks and settings, through the extension methods of
/// <see cref="OpdTokenAllocationBuilderExtensions"/> and of the store packages.</summary>
/// <remarks>In the style of Microsoft.Extensions builders such as <c>IHealthChecksBuilder</c>: the builder only carries
/// the service collection and the options builder, so any package can add its own <c>Use*</c> methods. Not
/// thread-safe: use it while building the service collection.</remarks>
public interface IOpdTokenAllocationBuilder
{
    /// <summary>Gets the service collection.</summary>
    IServiceCollection Services { get; }

    /// <summary>Gets the options builder, for binding and extra validation, such as
    /// <c>builder.Options.BindConfiguration("OpdTokens")</c>.</summary>
    OptionsBuilder<OpdTokenAllocationOptions> Options { get; }
}
