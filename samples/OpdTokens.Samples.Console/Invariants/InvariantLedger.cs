using System.Collections.Immutable;

namespace OpdTokens.Samples.Console.Invariants;

/// <summary>Counts the checks of each invariant and keeps the violations found.</summary>
public sealed class InvariantLedger
{
    /// <summary>Violations kept per invariant as examples; the rest are only counted.</summary>
    private const int ExamplesKept = 5;

    private readonly int[] _checks = new int[Invariant.All.Length];
    private readonly int[] _violations = new int[Invariant.All.Length];
    private readonly List<string>[] _examples = [.. Invariant.All.Select(_ => new List<string>())];

    public void Checked(Invariant invariant) => _checks[invariant.Number - 1]++;

    public void Violated(Invariant invariant, string message)
    {
        ArgumentNullException.ThrowIfNull(invariant);
        var index = invariant.Number - 1;
        _violations[index]++;
        if (_examples[index].Count < ExamplesKept)
        {
            _examples[index].Add(message);
        }
    }

    /// <summary>Gets how many violations were found so far, of every invariant.</summary>
    public int Violations => _violations.Sum();

    public ImmutableArray<InvariantResult> Results() =>
        [
            .. Invariant.All.Select(i => new InvariantResult(
                i,
                _checks[i.Number - 1],
                _violations[i.Number - 1],
                [.. _examples[i.Number - 1]]
            )),
        ];
}
