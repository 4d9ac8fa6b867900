namespace OpdTokens.Allocation.Core;

/// <summary>A per-thread list for collecting field errors on the allocation path, where almost every request is
/// valid: reusing it keeps a valid request from allocating an empty list. An error copies what it needs out of it.</summary>
internal static class FieldErrorBuffer
{
    [ThreadStatic]
    private static List<FieldError>? t_errors;

    /// <summary>The calling thread's list, emptied. Use it within one synchronous rule call only.</summary>
    public static List<FieldError> Rent()
    {
        var errors = t_errors ??= [];
        errors.Clear();
        return errors;
    }
}
