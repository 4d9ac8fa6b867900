using System.Collections;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using OpdTokens.Allocation.Core;
using OpdTokens.Allocation.Serialization;

namespace OpdTokens.Allocation;

/// <summary>A small set of host-defined facts about a patient that a priority policy may read, such as
/// <c>mobility = wheelchair</c> or <c>referral = cardiology-ward</c>: names to text values, ordered by name.</summary>
/// <remarks>
/// <para>The host chooses the names and values; the library only stores them with the token and hands them to the
/// <see cref="Policies.IPriorityPolicy"/> in <see cref="Policies.PriorityRequest.Patient"/>. Limits keep every token
/// small: at most <see cref="MaxCount"/> attributes; names of 1 to <see cref="MaxKeyLength"/> characters of
/// <c>a-z</c>, <c>0-9</c>, <c>_</c>, <c>.</c> and <c>-</c>; values of at most <see cref="MaxValueLength"/> characters
/// without control or format characters. Names compare ordinally. A set that breaks a limit cannot be made:
/// <see cref="Create"/> and <see cref="With"/> throw, and <see cref="TryCreate"/> returns the broken rules as
/// <see cref="FieldError"/>s for a request's validation answer.</para>
/// <para>Attributes may be personal data (a wheelchair user's mobility is health data): <see cref="ToString"/>
/// prints only how many there are, and domain events never carry them.</para>
/// <para>This type is immutable and thread-safe; two sets with the same names and values are equal.</para>
/// </remarks>
[DebuggerDisplay("Count = {Count}")]
[JsonConverter(typeof(PatientAttributesJsonConverter))]
[SuppressMessage(
    "Naming",
    "CA1710:Identifiers should have correct suffix",
    Justification = "Named for what it is on a patient, as Patient.Attributes; a dictionary only by its interface."
)]
public sealed class PatientAttributes : IReadOnlyDictionary<string, string>, IEquatable<PatientAttributes>
{
    /// <summary>The most attributes a patient may have.</summary>
    public const int MaxCount = PatientRules.MaxAttributes;

    /// <summary>The longest attribute name.</summary>
    public const int MaxKeyLength = PatientRules.MaxKeyLength;

    /// <summary>The longest attribute value.</summary>
    public const int MaxValueLength = PatientRules.MaxValueLength;

    /// <summary>The attributes ordered by name: at most 16, so a binary search of an array beats a tree in time and
    /// memory.</summary>
    private readonly ImmutableArray<KeyValuePair<string, string>> _items;

    private PatientAttributes(ImmutableArray<KeyValuePair<string, string>> items) => _items = items;

    /// <summary>Gets the empty set, which every patient without attributes shares.</summary>
    public static PatientAttributes Empty { get; } = new([]);

    /// <summary>Gets how many attributes there are.</summary>
    public int Count => _items.Length;

    /// <summary>Gets the names, in ordinal order.</summary>
    public IEnumerable<string> Keys => _items.Select(static item => item.Key);

    /// <summary>Gets the values, in the order of their names.</summary>
    public IEnumerable<string> Values => _items.Select(static item => item.Value);

    /// <summary>Gets the value of an attribute.</summary>
    /// <param name="key">The attribute's name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="KeyNotFoundException">The patient has no attribute of that name.</exception>
    public string this[string key] =>
        TryGetValue(key, out var value)
            ? value
            : throw new KeyNotFoundException("The patient has no attribute of that name.");

    /// <summary>Makes a set of attributes, checking every limit.</summary>
    /// <param name="attributes">Names and values, in any order; each name once.</param>
    /// <returns>The set; <see cref="Empty"/> when there are none.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="attributes"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A limit is broken or a name repeats; the message names the rules, never
    /// the values.</exception>
    public static PatientAttributes Create(IEnumerable<KeyValuePair<string, string>> attributes)
    {
        if (!TryCreate(attributes, out var created, out var errors))
        {
            throw new ArgumentException(
                "The patient attributes break these rules: " + string.Join(" ", errors.Select(e => e.Message)),
                nameof(attributes)
            );
        }

        return created;
    }

    /// <summary>Makes a set of attributes, or says which limits the input breaks.</summary>
    /// <param name="attributes">Names and values, in any order; each name once.</param>
    /// <param name="result">The set, or <see langword="null"/> when a rule is broken.</param>
    /// <param name="errors">Each broken rule once, on the field <c>patientAttributes</c>; empty on success.</param>
    /// <returns><see langword="true"/> when the set was made.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="attributes"/> is <see langword="null"/>.</exception>
    public static bool TryCreate(
        IEnumerable<KeyValuePair<string, string>> attributes,
        [NotNullWhen(true)] out PatientAttributes? result,
        out ImmutableArray<FieldError> errors
    )
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var items = attributes.ToArray();
        var broken = new List<FieldError>();
        if (!PatientRules.CheckAttributes(items, broken))
        {
            result = null;
            errors = [.. broken];
            return false;
        }

        Array.Sort(items, static (left, right) => string.CompareOrdinal(left.Key, right.Key));
        result = items.Length == 0 ? Empty : new PatientAttributes(ImmutableArray.Create(items));
        errors = [];
        return true;
    }

    /// <summary>Returns a set with one attribute added or replaced.</summary>
    /// <param name="key">The attribute's name.</param>
    /// <param name="value">Its value.</param>
    /// <returns>The new set; this one is unchanged.</returns>
    /// <exception cref="ArgumentException">The name or value breaks a limit, or the set would have more than
    /// <see cref="MaxCount"/> attributes.</exception>
    public PatientAttributes With(string key, string value)
    {
        var items = _items.Where(item => !string.Equals(item.Key, key, StringComparison.Ordinal));
        return Create(items.Append(new KeyValuePair<string, string>(key, value)));
    }

    /// <summary>Returns a set without an attribute.</summary>
    /// <param name="key">The attribute's name.</param>
    /// <returns>The new set, or this one when it has no attribute of that name.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public PatientAttributes Without(string key)
    {
        var index = IndexOf(key);
        if (index < 0)
        {
            return this;
        }

        return _items.Length == 1 ? Empty : new PatientAttributes(_items.RemoveAt(index));
    }

    /// <summary>Tells whether the patient has an attribute.</summary>
    /// <param name="key">The attribute's name.</param>
    /// <returns><see langword="true"/> when there is an attribute of that name.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <summary>Gets the value of an attribute, if the patient has it.</summary>
    /// <param name="key">The attribute's name.</param>
    /// <param name="value">The value, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when there is an attribute of that name.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? _items[index].Value : null;
        return index >= 0;
    }

    /// <summary>Tells whether the patient has an attribute with a value, compared ordinally.</summary>
    /// <param name="key">The attribute's name.</param>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> when the attribute is set to exactly <paramref name="value"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    public bool Has(string key, string value) =>
        TryGetValue(key, out var actual) && string.Equals(actual, value, StringComparison.Ordinal);

    /// <summary>Enumerates the attributes in ordinal order of their names.</summary>
    /// <returns>The enumerator.</returns>
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() =>
        ((IEnumerable<KeyValuePair<string, string>>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Tells whether two sets have the same names and values.</summary>
    /// <param name="other">The other set.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public bool Equals(PatientAttributes? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other._items.Length != _items.Length)
        {
            return false;
        }

        for (var i = 0; i < _items.Length; i++)
        {
            if (
                !string.Equals(_items[i].Key, other._items[i].Key, StringComparison.Ordinal)
                || !string.Equals(_items[i].Value, other._items[i].Value, StringComparison.Ordinal)
            )
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PatientAttributes);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (key, value) in _items)
        {
            hash.Add(key, StringComparer.Ordinal);
            hash.Add(value, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    /// <summary>Returns how many attributes there are, never their values, which may be personal data.</summary>
    /// <returns>A text such as <c>PatientAttributes { Count = 2 }</c>.</returns>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"PatientAttributes {{ Count = {Count} }}");

    /// <summary>Tells whether two sets have the same names and values.</summary>
    /// <param name="left">The left set.</param>
    /// <param name="right">The right set.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public static bool operator ==(PatientAttributes? left, PatientAttributes? right) =>
        left is null ? right is null : left.Equals(right);

    /// <summary>Tells whether two sets differ.</summary>
    /// <param name="left">The left set.</param>
    /// <param name="right">The right set.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(PatientAttributes? left, PatientAttributes? right) => !(left == right);

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        int low = 0,
            high = _items.Length - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var order = string.CompareOrdinal(_items[middle].Key, key);
            if (order == 0)
            {
                return middle;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return -1;
    }
}
