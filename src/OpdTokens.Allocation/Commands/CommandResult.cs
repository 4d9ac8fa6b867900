using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace OpdTokens.Allocation;

/// <summary>The result of a command: a value on success, an <see cref="AllocationError"/> otherwise.</summary>
/// <remarks>Failures that are part of normal operation (slot full, invalid transition, not found) come back as
/// errors; misuse such as a <see langword="null"/> argument throws. This type is immutable and thread-safe.</remarks>
/// <typeparam name="T">The type of the value.</typeparam>
[DebuggerDisplay("{IsSuccess ? (object)Value : Error}")]
[SuppressMessage(
    "Design",
    "CA1000:Do not declare static members on generic types",
    Justification = "Factories of a result type read best as CommandResult<T>.Success(value)."
)]
public readonly struct CommandResult<T>
    where T : class
{
    private CommandResult(T? value, AllocationError? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>Gets the value; <see langword="null"/> on failure.</summary>
    public T? Value { get; }

    /// <summary>Gets the error; <see langword="null"/> on success.</summary>
    public AllocationError? Error { get; }

    /// <summary>Gets whether the command succeeded.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    /// <summary>Creates a successful result.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public static CommandResult<T> Success(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value, null);
    }

    /// <summary>Creates a failed result.</summary>
    /// <param name="error">The error.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is <see langword="null"/>.</exception>
    public static CommandResult<T> Failure(AllocationError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(null, error);
    }

    /// <summary>Converts a value to a successful result.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator CommandResult<T>(T value) => Success(value);

    /// <summary>Converts an error to a failed result.</summary>
    /// <param name="error">The error.</param>
    public static implicit operator CommandResult<T>(AllocationError error) => Failure(error);

    /// <summary>Gets the value or throws the error as an <see cref="AllocationException"/>.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="AllocationException">The command failed.</exception>
    public T GetValueOrThrow() => IsSuccess ? Value : throw new AllocationException(Error);
}
