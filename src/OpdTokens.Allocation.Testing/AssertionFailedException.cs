namespace OpdTokens.Allocation.Testing;

/// <summary>The exception the kit throws when a store, a snapshot or a conformance check fails: every test framework
/// reports it as a failed test.</summary>
/// <remarks>The kit depends on no test framework, so it cannot throw a framework's own assertion exception. xunit v3
/// reports it as an assertion failure, since it implements an interface named <c>IAssertionException</c>.</remarks>
public sealed class AssertionFailedException : Exception, IAssertionException
{
    /// <summary>Creates the exception with no message.</summary>
    public AssertionFailedException() { }

    /// <summary>Creates the exception with a message that says what differs.</summary>
    /// <param name="message">The message.</param>
    public AssertionFailedException(string message)
        : base(message) { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public AssertionFailedException(string message, Exception innerException)
        : base(message, innerException) { }
}
