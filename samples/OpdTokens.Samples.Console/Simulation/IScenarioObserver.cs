using OpdTokens.Allocation;

namespace OpdTokens.Samples.Console.Simulation;

/// <summary>Watches every command the scenario sends to the engine; the invariant monitor is one.</summary>
/// <remarks>The scenario runs on one thread, so the state read before and after a command is exactly that command's
/// change.</remarks>
public interface IScenarioObserver
{
    /// <summary>Called just before a command on a doctor-day.</summary>
    ValueTask BeforeCommandAsync(PartitionKey partition, CancellationToken cancellationToken);

    /// <summary>Called just after a command on a doctor-day, whether it succeeded or not.</summary>
    /// <param name="partition">The doctor-day.</param>
    /// <param name="command">What the command was, such as <c>allocate</c>.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    ValueTask AfterCommandAsync(PartitionKey partition, string command, CancellationToken cancellationToken);
}
