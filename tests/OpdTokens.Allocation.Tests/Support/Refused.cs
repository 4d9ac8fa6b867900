namespace OpdTokens.Allocation.Tests.Support;

/// <summary>Checks of refused commands: the kind of error, and a message a desk clerk or a client developer can act
/// on, because hosts pass messages on as they are (the HTTP sample puts them in problem details).</summary>
internal static class Refused
{
    /// <summary>Asserts that a command was refused with <paramref name="code"/> and that the message names each of
    /// <paramref name="subjects"/>: the ids the refusal is about.</summary>
    public static AllocationError With<T>(CommandResult<T> result, AllocationErrorCode code, params object[] subjects)
        where T : class
    {
        var error = Assert.IsType<AllocationError>(result.Error);
        Assert.Equal(code, error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Message), "The refusal has no message.");
        foreach (var subject in subjects)
        {
            Assert.Contains(subject.ToString()!, error.Message, StringComparison.Ordinal);
        }

        return error;
    }

    /// <summary>Asserts a validation refusal of exactly one field whose message states the rule, and that the
    /// error's message carries that rule too.</summary>
    public static FieldError OnField<T>(CommandResult<T> result, string field)
        where T : class
    {
        var error = With(result, AllocationErrorCode.ValidationFailed);
        var fieldError = Assert.Single(error.FieldErrors);
        Assert.Equal(field, fieldError.Field);
        Assert.False(string.IsNullOrWhiteSpace(fieldError.Message), $"The error of {field} has no message.");
        Assert.Contains(fieldError.Message, error.Message, StringComparison.Ordinal);
        return fieldError;
    }
}
