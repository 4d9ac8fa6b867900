using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace OpdTokens.Allocation;

/// <summary>The result of a command: a value on success, an <see cref="AllocationError"/> otherwise.</summary>
/// <remarks>
/// <para>Failures that are part of normal operation (slot full, invalid transition, not found) come back as errors;
/// misuse such as a <see langword="null"/> argument throws.</para>
/// <para>Read a result by checking <see cref="IsSuccess"/>, with <see cref="TryGetValue"/> or
/// <see cref="TryGetError"/>, or with <see cref="Match{TResult}"/> and <see cref="Switch"/>, which make both cases
/// explicit; <see cref="GetValueOrThrow"/> suits callers that prefer exceptions.</para>
/// <para>Every result comes from <see cref="Success"/>, <see cref="Failure"/> or a conversion. The default value
/// (a <c>CommandResult&lt;T&gt;</c> field or array element never assigned) is neither a success nor a failure: every
/// member except <see cref="IsDefault"/> throws <see cref="InvalidOperationException"/> on it, so it cannot be
/// mistaken for a success with no value.</para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
/// <typeparam name="T">The type of the value.</typeparam>
[DebuggerDisplay("{DebuggerDisplay,nq}")]
[SuppressMessage(
    "Design",
    "CA1000:Do not declare static members on generic types",
    Justification = "Factories of a result type read best as CommandResult<T>.Success(value)."
)]
public readonly struct CommandResult<T>
    where T : class
{
    private readonly T? _value;
    private readonly AllocationError? _error;

    private CommandResult(T? value, AllocationError? error)
    {
        _value = value;
        _error = error;
    }

    /// <summary>Gets the value; <see langword="null"/> on failure.</summary>
    /// <exception cref="InvalidOperationException">This is the default value, neither a success nor a
    /// failure.</exception>
    public T? Value
    {
        get
        {
            ThrowIfDefault();
            return _value;
        }
    }

    /// <summary>Gets the error; <see langword="null"/> on success.</summary>
    /// <exception cref="InvalidOperationException">This is the default value, neither a success nor a
    /// failure.</exception>
    public AllocationError? Error
    {
        get
        {
            ThrowIfDefault();
            return _error;
        }
    }

    /// <summary>Gets whether the command succeeded.</summary>
    /// <exception cref="InvalidOperationException">This is the default value, neither a success nor a
    /// failure.</exception>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess
    {
        get
        {
            ThrowIfDefault();
            return _value is not null;
        }
    }

    /// <summary>Gets whether this is the default value, which no command returns: neither a success nor a
    /// failure.</summary>
    public bool IsDefault => _value is null && _error is null;

    private string DebuggerDisplay =>
        IsDefault ? "(default: neither success nor failure)" : _value?.ToString() ?? _error!.ToString();

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
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public static implicit operator CommandResult<T>(T value) => Success(value);

    /// <summary>Converts an error to a failed result.</summary>
    /// <param name="error">The error.</param>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is <see langword="null"/>.</exception>
    public static implicit operator CommandResult<T>(AllocationError error) => Failure(error);

    /// <summary>Gets the value of a success.</summary>
    /// <param name="value">The value on success; <see langword="null"/> on failure.</param>
    /// <returns><see langword="true"/> when the command succeeded.</returns>
    /// <exception cref="InvalidOperationException">This is the default value, neither a success nor a
    /// failure.</exception>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool TryGetValue([NotNullWhen(true)] out T? value)
    {
        ThrowIfDefault();
        value = _value;
        return value is not null;
    }

    /// <summary>Gets the error of a failure.</summary>
    /// <param name="error">The error on failure; <see langword="null"/> on success.</param>
    /// <returns><see langword="true"/> when the command failed.</returns>
    /// <exception cref="InvalidOperationException">This is the default value, neither a success nor a
    /// failure.</exception>
    [MemberNotNullWhen(true, nameof(Error))]
    [MemberNotNullWhen(false, nameof(Value))]
    public bool TryGetError([NotNullWhen(true)] out AllocationError? error)
    {
        ThrowIfDefault();
        error = _error;
        return error is not null;
    }

    /// <summary>Turns the result into one value, with one function for each case.</summary>
    /// <typeparam name="TResult">The type both functions return.</typeparam>
    /// <param name="onSuccess">Called with the value on success.</param>
    /// <param name="onFailure">Called with the error on failure.</param>
    /// <returns>What the function called returned.</returns>
    /// <exception cref="ArgumentNullException">A function is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">This is the default value, neither a success nor a
    /// failure.</exception>
    public TResult Match<TResult>(Func<T, TResult> onSuccess, Func<AllocationError, TResult> onFailure)
    {
        ArgumentNullException.ThrowIfNull(onSuccess);
        ArgumentNullException.ThrowIfNull(onFailure);
        ThrowIfDefault();
        return _value is not null ? onSuccess(_value) : onFailure(_error!);
    }

    /// <summary>Runs one action for each case.</summary>
    /// <param name="onSuccess">Called with the value on success.</param>
    /// <param name="onFailure">Called with the error on failure.</param>
    /// <exception cref="ArgumentNullException">An action is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">This is the default value, neither a success nor a
    /// failure.</exception>
    public void Switch(Action<T> onSuccess, Action<AllocationError> onFailure)
    {
        ArgumentNullException.ThrowIfNull(onSuccess);
        ArgumentNullException.ThrowIfNull(onFailure);
        ThrowIfDefault();
        if (_value is not null)
        {
            onSuccess(_value);
        }
        else
        {
            onFailure(_error!);
        }
    }

    /// <summary>Gets the value or throws the error as an <see cref="AllocationException"/>.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="AllocationException">The command failed.</exception>
    /// <exception cref="InvalidOperationException">This is the default value, neither a success nor a
    /// failure.</exception>
    public T GetValueOrThrow() => IsSuccess ? Value : throw new AllocationException(Error);

    private void ThrowIfDefault()
    {
        if (_value is null && _error is null)
        {
            throw new InvalidOperationException(
                $"This CommandResult<{typeof(T).Name}> is the default value: no command returned it, so it is neither "
                    + "a success nor a failure. Results come from CommandResult.Success, CommandResult.Failure or a "
                    + "command method."
            );
        }
    }
}
