namespace OpdTokens.Samples.Console.Replay;

/// <summary>What the engine decided over a replayed day: the same workload must give the same counts on any engine
/// that follows the rules, so a faster engine provably makes the same decisions.</summary>
/// <param name="Seated">Requests seated in a slot (allocated, by a bump, or as an overflow).</param>
/// <param name="Waitlisted">Requests put on the waitlist.</param>
/// <param name="Bumped">Requests that were seated by moving another token (<c>bumped_other</c>).</param>
/// <param name="Overflows">Emergencies seated over capacity.</param>
/// <param name="Promotions">Waitlisted tokens promoted into a seat freed by a cancellation.</param>
/// <param name="Failures">Commands the engine refused; 0 for a correct engine.</param>
public sealed record ReplayOutcome(int Seated, int Waitlisted, int Bumped, int Overflows, int Promotions, int Failures);
