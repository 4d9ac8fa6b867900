using System.Globalization;

namespace OpdTokens.Allocation.LoadGenerator;

/// <summary>The machine's CPU time so far, from Linux's /proc/stat, to tell a run that had CPU to spare from one that
/// was starved (every process on the machine counts: the host, the database and the generator itself).</summary>
internal readonly record struct MachineCpu(long Busy, long Idle)
{
    /// <summary>Reads the counters, or null where /proc/stat does not exist.</summary>
    public static MachineCpu? Read()
    {
        const string path = "/proc/stat";
        if (!File.Exists(path))
        {
            return null;
        }

        // "cpu  user nice system idle iowait irq softirq steal ...": idle and iowait are time nobody wanted the CPU.
        var fields = File.ReadLines(path).First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var values = fields.Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var idle = values[3] + values[4];
        return new MachineCpu(values.Sum() - idle, idle);
    }

    /// <summary>The share of the machine's CPU time that stayed idle between two readings, 0 to 1.</summary>
    public static double? IdleShare(MachineCpu? before, MachineCpu? after)
    {
        if (before is not { } b || after is not { } a)
        {
            return null;
        }

        var total = a.Busy - b.Busy + a.Idle - b.Idle;
        return total <= 0 ? null : (double)(a.Idle - b.Idle) / total;
    }
}
