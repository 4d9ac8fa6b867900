using System.Collections.Immutable;
using System.Reflection;
using OpdTokens.Allocation.Storage;

namespace OpdTokens.Allocation.Testing;

/// <summary>The conformance suite every <see cref="IStateStore"/> must pass, for any test framework: subclass it, return
/// a new, empty store from <see cref="CreateStoreAsync"/>, and run each of <see cref="CheckNames"/> as one test case
/// with <see cref="RunCheckAsync"/>.</summary>
/// <remarks>
/// <para>With xunit (2.x or v3), one theory runs the whole suite, one case per check:</para>
/// <code language="csharp">
/// public sealed class MyStoreConformanceTests : StateStoreConformance
/// {
///     public static TheoryData&lt;string&gt; Checks =&gt; new(CheckNames);
///
///     [Theory]
///     [MemberData(nameof(Checks))]
///     public Task Store_conforms(string check) =&gt; RunCheckAsync(check);
///
///     protected override Task&lt;IStateStore&gt; CreateStoreAsync() =&gt; Task.FromResult&lt;IStateStore&gt;(new MyStore());
/// }
/// </code>
/// <para>NUnit's <c>[TestCaseSource(nameof(CheckNames))]</c> and MSTest's <c>[DynamicData]</c> work the same way. The
/// kit references no test framework: a check fails by throwing <see cref="AssertionFailedException"/>, which every
/// framework reports as a failed test, and a name that is not a check fails loudly rather than passing.</para>
/// <para>Each run gets its own store from <see cref="CreateStoreAsync"/>, its own clock and its own engines, built by
/// a real <see cref="AllocationEngine"/> over the store under test, so what is stored is what the engine produces:
/// bumps, overflows, promotions, delays, closed slots, idempotency records. The checks cover exact round trips of
/// every field (each instant with its offset and every tick), version-conditional commits, the doctor registry,
/// partition listing, lookups through a fresh engine, concurrent commits, cancellation and engines sharing a
/// store.</para>
/// <para>Override <see cref="ReopenStoreAsync"/> to return a second store object over the same data (a new
/// connection to the same database or file): then the suite also proves that what a commit wrote is in the database,
/// not only in the store object.</para>
/// <para>One instance runs one check at a time; xunit creates an instance per test case, so instance fields (a
/// database name, a folder) are per check there.</para>
/// </remarks>
public abstract class StateStoreConformance
{
    private static readonly ImmutableArray<MethodInfo> Methods =
    [
        .. typeof(StateStoreConformanceTests)
            .GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly)
            .Where(m => m.IsDefined(typeof(ConformanceCheckAttribute), inherit: false))
            .OrderBy(m => m.Name, StringComparer.Ordinal),
    ];

    /// <summary>The check running now, if any.</summary>
    private StateStoreConformanceTests? _running;

    /// <summary>Gets the names of every check, in a stable order: the test cases to run with
    /// <see cref="RunCheckAsync"/>.</summary>
    public static ImmutableArray<string> CheckNames { get; } = [.. Methods.Select(m => m.Name)];

    /// <summary>Gets the store that <see cref="CreateStoreAsync"/> returned for the running check.</summary>
    /// <exception cref="InvalidOperationException">No check is running.</exception>
    protected IStateStore Store =>
        _running?.Store ?? throw new InvalidOperationException("The store exists only while a check runs.");

    /// <summary>Runs one check against new stores from <see cref="CreateStoreAsync"/>, then disposes every engine and
    /// store it made.</summary>
    /// <param name="checkName">One of <see cref="CheckNames"/>.</param>
    /// <returns>A task that completes when the check has passed.</returns>
    /// <exception cref="ArgumentException"><paramref name="checkName"/> names no check.</exception>
    /// <exception cref="InvalidOperationException">This instance is running another check.</exception>
    /// <exception cref="AssertionFailedException">The store fails the check.</exception>
    public async Task RunCheckAsync(string checkName)
    {
        var method =
            Methods.FirstOrDefault(m => string.Equals(m.Name, checkName, StringComparison.Ordinal))
            ?? throw new ArgumentException(
                $"'{checkName}' is not a conformance check; the checks are: {string.Join(", ", CheckNames)}.",
                nameof(checkName)
            );
        var run = new StateStoreConformanceTests(this);
        if (Interlocked.CompareExchange(ref _running, run, null) is not null)
        {
            throw new InvalidOperationException("One instance runs one check at a time; create one per check.");
        }

        try
        {
            await run.InitializeAsync().ConfigureAwait(false);
            await ((Task)method.Invoke(run, null)!).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                await run.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                _running = null;
            }
        }
    }

    /// <summary>Creates a new, empty store for one check.</summary>
    /// <returns>The store; the suite disposes it with <see cref="DisposeStoreAsync"/>.</returns>
    protected abstract Task<IStateStore> CreateStoreAsync();

    /// <summary>Opens a second store object over the data of <paramref name="store"/>, as a restarted process or
    /// another app instance would.</summary>
    /// <param name="store">A store of this check.</param>
    /// <returns>A store over the same data; by default <paramref name="store"/> itself.</returns>
    protected virtual Task<IStateStore> ReopenStoreAsync(IStateStore store) => Task.FromResult(store);

    /// <summary>Disposes a store object of this check; stores are disposed last created first, so the one from
    /// <see cref="CreateStoreAsync"/> (which <see cref="Store"/> names) goes last: the place to delete its
    /// database.</summary>
    /// <param name="store">The store.</param>
    /// <returns>A task that completes when the store is disposed.</returns>
    protected virtual async Task DisposeStoreAsync(IStateStore store)
    {
        switch (store)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    internal Task<IStateStore> CreateStoreForCheckAsync() => CreateStoreAsync();

    internal Task<IStateStore> ReopenStoreForCheckAsync(IStateStore store) => ReopenStoreAsync(store);

    internal Task DisposeStoreForCheckAsync(IStateStore store) => DisposeStoreAsync(store);
}
