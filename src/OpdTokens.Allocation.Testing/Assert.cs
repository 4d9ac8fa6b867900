using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace OpdTokens.Allocation.Testing;

/// <summary>The assertions the conformance checks use, shaped like xunit's so a check reads the same in any test
/// framework; each failure throws <see cref="AssertionFailedException"/>.</summary>
/// <remarks>The kit references no test framework: xunit 2.x and v3 ship conflicting <c>Xunit.Assert</c> types, and a
/// kit that brought either would break projects on the other. A new check that needs another assertion adds it
/// here.</remarks>
internal static class Assert
{
    /// <summary>Fails unless both values are equal; sequences (other than strings) are compared item by item.</summary>
    public static void Equal<T>(T expected, T actual)
    {
        if (!AreEqual(expected, actual))
        {
            Fail($"Expected {Show(expected)}, got {Show(actual)}.");
        }
    }

    /// <summary>Fails unless both sequences hold equal items in the same order.</summary>
    public static void Equal<T>(IEnumerable<T> expected, IEnumerable<T> actual)
    {
        if (!AreEqual(expected, actual))
        {
            Fail($"Expected {Show(expected)}, got {Show(actual)}.");
        }
    }

    /// <summary>Fails if both values are equal.</summary>
    public static void NotEqual<T>(T expected, T actual)
    {
        if (AreEqual(expected, actual))
        {
            Fail($"Expected anything but {Show(expected)}.");
        }
    }

    /// <summary>Fails unless both references name the same object.</summary>
    public static void Same(object? expected, object? actual)
    {
        if (!ReferenceEquals(expected, actual))
        {
            Fail($"Expected the very object {Show(expected)}, got {Show(actual)}.");
        }
    }

    /// <summary>Fails unless the value is <see langword="null"/>.</summary>
    public static void Null(object? value)
    {
        if (value is not null)
        {
            Fail($"Expected null, got {Show(value)}.");
        }
    }

    /// <summary>Fails if the value is <see langword="null"/>.</summary>
    public static void NotNull([NotNull] object? value)
    {
        if (value is null)
        {
            Fail("Expected a value, got null.");
        }
    }

    /// <summary>Fails unless the condition holds.</summary>
    public static void True([DoesNotReturnIf(false)] bool condition, string? message = null)
    {
        if (!condition)
        {
            Fail(message ?? "Expected true, got false.");
        }
    }

    /// <summary>Fails if the condition holds.</summary>
    public static void False([DoesNotReturnIf(true)] bool condition, string? message = null)
    {
        if (condition)
        {
            Fail(message ?? "Expected false, got true.");
        }
    }

    /// <summary>Fails unless the value is of exactly type <typeparamref name="T"/>.</summary>
    public static T IsType<T>([NotNull] object? value)
    {
        if (value is null || value.GetType() != typeof(T))
        {
            Fail($"Expected a {typeof(T).Name}, got {value?.GetType().Name ?? "null"}.");
        }

        return (T)value;
    }

    /// <summary>Fails unless the sequence is empty.</summary>
    public static void Empty(IEnumerable collection)
    {
        ArgumentNullException.ThrowIfNull(collection);
        if (collection.Cast<object?>().Any())
        {
            Fail($"Expected an empty collection, got {Show(collection)}.");
        }
    }

    /// <summary>Fails if the sequence is empty.</summary>
    public static void NotEmpty(IEnumerable collection)
    {
        ArgumentNullException.ThrowIfNull(collection);
        if (!collection.Cast<object?>().Any())
        {
            Fail("Expected a non-empty collection, got an empty one.");
        }
    }

    /// <summary>Fails unless the sequence holds exactly one item, and returns it.</summary>
    public static T Single<T>(IEnumerable<T> collection) => Single(collection, _ => true);

    /// <summary>Fails unless exactly one item matches, and returns it.</summary>
    public static T Single<T>(IEnumerable<T> collection, Predicate<T> match)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(match);
        var matches = collection.Where(item => match(item)).Take(2).ToList();
        if (matches.Count != 1)
        {
            Fail(
                $"Expected exactly one matching item in {Show(collection)}, found {matches.Count switch
            {
                0 => "none",
                _ => "more",
            }}."
            );
        }

        return matches[0];
    }

    /// <summary>Fails unless some item matches.</summary>
    public static void Contains<T>(IEnumerable<T> collection, Predicate<T> match)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(match);
        if (!collection.Any(item => match(item)))
        {
            Fail($"No item of {Show(collection)} matches.");
        }
    }

    /// <summary>Fails unless the sequence holds an item equal to <paramref name="expected"/>.</summary>
    public static void Contains<T>(T expected, IEnumerable<T> collection)
    {
        ArgumentNullException.ThrowIfNull(collection);
        if (!collection.Any(item => AreEqual(expected, item)))
        {
            Fail($"{Show(expected)} is not in {Show(collection)}.");
        }
    }

    /// <summary>Fails unless the text contains <paramref name="expected"/> (ordinal comparison).</summary>
    public static void Contains(string expected, string? actual)
    {
        if (actual is null || !actual.Contains(expected, StringComparison.Ordinal))
        {
            Fail($"\"{expected}\" is not in {Show(actual)}.");
        }
    }

    /// <summary>Fails if some item matches.</summary>
    public static void DoesNotContain<T>(IEnumerable<T> collection, Predicate<T> match)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(match);
        if (collection.Any(item => match(item)))
        {
            Fail($"An item of {Show(collection)} matches.");
        }
    }

    /// <summary>Fails if the sequence holds an item equal to <paramref name="unexpected"/>.</summary>
    public static void DoesNotContain<T>(T unexpected, IEnumerable<T> collection)
    {
        ArgumentNullException.ThrowIfNull(collection);
        if (collection.Any(item => AreEqual(unexpected, item)))
        {
            Fail($"{Show(unexpected)} is in {Show(collection)}.");
        }
    }

    /// <summary>Runs the inspector on every item and fails if it fails for any, naming the item's index.</summary>
    public static void All<T>(IEnumerable<T> collection, Action<T> inspector)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(inspector);
        var index = 0;
        foreach (var item in collection)
        {
            try
            {
                inspector(item);
            }
            catch (AssertionFailedException failure)
            {
                throw new AssertionFailedException($"Item {index} ({Show(item)}): {failure.Message}", failure);
            }

            index++;
        }
    }

    /// <summary>Fails unless the code throws exactly <typeparamref name="TException"/>, and returns it.</summary>
    public static async Task<TException> ThrowsAsync<TException>(Func<Task> code)
        where TException : Exception
    {
        var thrown = await CatchAsync(code);
        return thrown is not null && thrown.GetType() == typeof(TException)
            ? (TException)thrown
            : throw Unexpected(typeof(TException), thrown);
    }

    /// <summary>Fails unless the code throws <typeparamref name="TException"/> or a type derived from it, and returns
    /// it.</summary>
    public static async Task<TException> ThrowsAnyAsync<TException>(Func<Task> code)
        where TException : Exception
    {
        var thrown = await CatchAsync(code);
        return thrown as TException ?? throw Unexpected(typeof(TException), thrown);
    }

    /// <summary>Fails unless the code throws exactly <typeparamref name="TException"/>, and returns it.</summary>
    public static TException Throws<TException>(Action code)
        where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(code);
        try
        {
            code();
        }
        catch (Exception thrown) when (thrown.GetType() == typeof(TException))
        {
            return (TException)thrown;
        }
        catch (Exception thrown)
        {
            throw Unexpected(typeof(TException), thrown);
        }

        throw Unexpected(typeof(TException), null);
    }

    /// <summary>Fails the check with a message.</summary>
    [DoesNotReturn]
    public static void Fail(string message) => throw new AssertionFailedException(message);

    private static async Task<Exception?> CatchAsync(Func<Task> code)
    {
        ArgumentNullException.ThrowIfNull(code);
        try
        {
            await code();
            return null;
        }
        catch (Exception thrown)
        {
            return thrown;
        }
    }

    private static AssertionFailedException Unexpected(Type expected, Exception? thrown) =>
        thrown is null
            ? new AssertionFailedException($"Expected {expected.Name}, but nothing was thrown.")
            : new AssertionFailedException($"Expected {expected.Name}, got {thrown.GetType().Name}.", thrown);

    private static bool AreEqual(object? expected, object? actual)
    {
        if (expected is IEnumerable left and not string && actual is IEnumerable right and not string)
        {
            var l = left.Cast<object?>().ToList();
            var r = right.Cast<object?>().ToList();
            return l.Count == r.Count && l.Zip(r).All(pair => AreEqual(pair.First, pair.Second));
        }

        return Equals(expected, actual);
    }

    private static string Show(object? value) =>
        value switch
        {
            null => "null",
            string text => "\"" + text + "\"",
            IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Take(20).Select(Show)) + "]",
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? value.GetType().Name,
        };
}
