using System.Runtime.CompilerServices;
using OpdTokens.Allocation.Estimation;

namespace OpdTokens.Allocation.Tests.Estimation;

/// <summary>Estimates run on every queue read: besides the result they allocate a constant amount, nothing per
/// token.</summary>
public sealed class EstimatorAllocationTests
{
    [Fact]
    public void A_busy_day_allocates_the_result_and_a_constant_amount_besides()
    {
        var built = new EstimationDay { Delay = TimeSpan.FromMinutes(10) };
        var slots = Enumerable.Range(0, 8).Select(i => built.Slot(9 + i, capacity: 20)).ToList();
        for (var i = 0; i < 40; i++)
        {
            built.Completed(slots[0], EstimationDay.Nine.AddMinutes(4 * (i + 1)), 3 + (i % 3));
        }

        foreach (var slot in slots.Skip(1))
        {
            for (var i = 0; i < 20; i++)
            {
                built.Add(slot, i % 2 == 0 ? TokenStatus.CheckedIn : TokenStatus.Allocated, (TokenSource)(i % 5));
            }
        }

        var day = built.Build();
        var now = EstimationDay.Nine.AddHours(3);
        var estimator = LearnedWaitTimeEstimator.Instance;
        var warm = estimator.Estimate(day, DoctorHistory.Empty, now);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var estimates = estimator.Estimate(day, DoctorHistory.Empty, now);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(140, estimates.Entries.Length);
        var mismatch = warm.Entries.Zip(estimates.Entries).FirstOrDefault(p => p.First != p.Second);
        if (mismatch != default)
        {
            // Only a real mismatch is printed: a default estimate has no id to print.
            Assert.Fail(
                $"{mismatch.First} vs {mismatch.Second} {mismatch.First.EstimatedStart.Ticks} {mismatch.Second.EstimatedStart.Ticks}"
            );
        }
        var result = estimates.Entries.Length * Unsafe.SizeOf<WaitEstimate>();
        Assert.True(allocated <= result + 1024, $"{allocated} bytes allocated for a result of {result} bytes");
    }
}
