using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace OpdTokens.Allocation.Benchmarks;

/// <summary>Runs the suite with BenchmarkDotNet's switcher: pass <c>--filter</c>, <c>--job</c> and the other usual
/// options (see benchmarks/README.md).</summary>
public static class Program
{
    /// <summary>Runs the selected benchmarks.</summary>
    /// <returns>0 when every benchmark ran; 1 when a summary has critical validation errors or a benchmark failed
    /// (BenchmarkDotNet itself exits with 0 in both cases).</returns>
    public static int Main(string[] args)
    {
        var summaries = BenchmarkSwitcher
            .FromAssembly(typeof(Program).Assembly)
            .Run(args, DefaultConfig.Instance)
            .ToList();
        var failures = 0;
        foreach (var summary in summaries)
        {
            if (summary.HasCriticalValidationErrors)
            {
                failures++;
                Console.Error.WriteLine($"Critical validation errors in {summary.Title}:");
                foreach (var error in summary.ValidationErrors.Where(e => e.IsCritical))
                {
                    Console.Error.WriteLine($"  {error.Message}");
                }
            }

            foreach (var report in summary.Reports.Where(r => !r.Success))
            {
                failures++;
                Console.Error.WriteLine($"Benchmark failed: {report.BenchmarkCase.DisplayInfo}");
            }
        }

        return failures > 0 ? 1 : 0;
    }
}
