using System.Diagnostics;
using OpdTokens.Allocation;

namespace OpdTokens.Samples.Console.Replay;

/// <summary>Replays a workload through <see cref="IAllocationEngine"/> on a new engine with default options, the
/// in-memory store and a frozen clock.</summary>
public static class ReplayRunner
{
    /// <summary>A new engine with the workload's doctors and slots (not timed).</summary>
    /// <param name="workload">The workload.</param>
    /// <returns>The engine, ready for <see cref="RunAsync"/>.</returns>
    /// <exception cref="InvalidOperationException">The engine refused a doctor or a slot.</exception>
    public static async Task<AllocationEngine> PrepareAsync(ReplayWorkload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var engine = new AllocationEngine(new OpdTokenAllocationOptions(), timeProvider: new ReplayClock());
        foreach (var doctor in workload.DoctorCommands)
        {
            (await engine.RegisterDoctorAsync(doctor)).GetValueOrThrow();
        }

        foreach (var slot in workload.SlotCommands)
        {
            (await engine.AddSlotAsync(slot)).GetValueOrThrow();
        }

        return engine;
    }

    /// <summary>Sends every request and cancellation of the workload, in order, and counts what the engine
    /// decided.</summary>
    /// <param name="engine">An engine from <see cref="PrepareAsync"/>.</param>
    /// <param name="workload">The workload.</param>
    /// <returns>The decisions.</returns>
    public static async Task<ReplayOutcome> RunAsync(IAllocationEngine engine, ReplayWorkload workload)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(workload);
        int seated = 0,
            waitlisted = 0,
            bumped = 0,
            overflows = 0,
            promotions = 0,
            failures = 0;
        foreach (var step in workload.Steps)
        {
            if (step is AllocateToken request)
            {
                var result = await engine.AllocateAsync(request);
                if (!result.IsSuccess)
                {
                    failures++;
                    continue;
                }

                switch (result.Value.Outcome)
                {
                    case AllocationOutcome.Waitlisted:
                        waitlisted++;
                        break;
                    case AllocationOutcome.BumpedOther:
                        seated++;
                        bumped++;
                        break;
                    case AllocationOutcome.Overflow:
                        seated++;
                        overflows++;
                        break;
                    default:
                        seated++;
                        break;
                }
            }
            else
            {
                var result = await engine.ChangeStatusAsync((ChangeTokenStatus)step);
                if (!result.IsSuccess)
                {
                    failures++;
                }
                else if (result.Value.PromotedToken is not null)
                {
                    promotions++;
                }
            }
        }

        return new ReplayOutcome(seated, waitlisted, bumped, overflows, promotions, failures);
    }

    /// <summary>Prepares a new engine, collects the garbage of earlier replays, and times one replay of the workload
    /// on it.</summary>
    /// <param name="workload">The workload.</param>
    /// <returns>The measurement.</returns>
    public static async Task<ReplayMeasurement> MeasureAsync(ReplayWorkload workload)
    {
        using var engine = await PrepareAsync(workload);
        // As BenchmarkDotNet does between iterations: the previous replay's engine (a whole dead day) is collected
        // before the clock starts, so a run does not pay for its predecessor's garbage.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount();
        var jitTime = System.Runtime.JitInfo.GetCompilationTime();
        using var process = Process.GetCurrentProcess();
        var processor = process.TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        var outcome = await RunAsync(engine, workload);
        stopwatch.Stop();
        process.Refresh();
        return new ReplayMeasurement(
            workload.Name,
            workload.Operations,
            stopwatch.Elapsed,
            process.TotalProcessorTime - processor,
            GC.GetTotalAllocatedBytes(precise: true) - allocated,
            GC.CollectionCount(0) - gen0,
            GC.CollectionCount(1) - gen1,
            GC.CollectionCount(2) - gen2,
            System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethods,
            System.Runtime.JitInfo.GetCompilationTime() - jitTime,
            outcome
        );
    }
}
