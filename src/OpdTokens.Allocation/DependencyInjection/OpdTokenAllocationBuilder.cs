using Microsoft.Extensions.Options;
using OpdTokens.Allocation;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The builder <c>AddOpdTokenAllocation</c> returns.</summary>
internal sealed class OpdTokenAllocationBuilder(
    IServiceCollection services,
    OptionsBuilder<OpdTokenAllocationOptions> options
) : IOpdTokenAllocationBuilder
{
    public IServiceCollection Services { get; } = services;

    public OptionsBuilder<OpdTokenAllocationOptions> Options { get; } = options;
}
