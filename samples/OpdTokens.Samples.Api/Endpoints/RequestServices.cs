using OpdTokens.Allocation;
using OpdTokens.Samples.Api.Presentation;
using OpdTokens.Samples.Api.Problems;

namespace OpdTokens.Samples.Api.Endpoints;

/// <summary>The services most endpoints need, bound together with <c>[AsParameters]</c>.</summary>
internal readonly record struct RequestServices(
    IAllocationEngine Engine,
    TokenPresenter Presenter,
    AllocationProblems Problems,
    WaitTimeService WaitTimes
);
