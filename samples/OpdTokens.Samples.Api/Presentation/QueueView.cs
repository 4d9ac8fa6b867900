using OpdTokens.Allocation;

namespace OpdTokens.Samples.Api.Presentation;

/// <summary>A slot's queue in rank order, as the caller may see it: full tokens, or for a display only what a
/// waiting-room screen may show, with the configured estimator's estimated starts. Shared by <c>/queue</c> and its
/// live stream so both send the same JSON.</summary>
internal static class QueueView
{
    public static object Of(DoctorDay day, SlotId slotId, WaitTimeEstimates estimates, bool forDisplay)
    {
        var entries = WaitTimeService.QueueOf(day, slotId, estimates);
        return forDisplay
            ? entries.Select(TokenPresenter.PresentForDisplay).ToList()
            : entries.Select(TokenPresenter.Present).ToList();
    }
}
