namespace OpdTokens.Allocation;

/// <summary>The checks and comparisons <see cref="SlotId"/> and <see cref="TokenId"/> share: both store their doctor-day
/// flat, as a doctor id string and a date, beside their number.</summary>
internal static class IdParts
{
    /// <summary>Splits a doctor-day into the fields an id stores, refusing the default key.</summary>
    /// <exception cref="ArgumentException"><paramref name="partition"/> is the default value.</exception>
    public static (string Doctor, DateOnly Date) Of(PartitionKey partition, string parameter) =>
        partition.IsDefault
            ? throw new ArgumentException(
                "The doctor-day is the default PartitionKey, which names no doctor; create it with "
                    + "new PartitionKey(doctor, date) or PartitionKey.Parse.",
                parameter
            )
            : (partition.Doctor.Value, partition.Date);

    /// <summary>Refuses a number an id's text could not carry: numbers start at 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="number"/> is less than 1.</exception>
    public static int Number(int number, string parameter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1, parameter);
        return number;
    }

    /// <summary>Orders doctor-days as <see cref="PartitionKey.CompareTo"/> does: by date, then doctor id
    /// ordinally.</summary>
    public static int Compare(string? doctor, DateOnly date, string? otherDoctor, DateOnly otherDate)
    {
        var byDate = date.CompareTo(otherDate);
        return byDate != 0 ? byDate : string.CompareOrdinal(doctor ?? string.Empty, otherDoctor ?? string.Empty);
    }

    /// <summary>The error of formatting a default id.</summary>
    public static InvalidOperationException DefaultId(string type) =>
        new(
            $"This {type} is the default value, which is not an id and has no text form; create ids with their "
                + "constructor or Parse."
        );
}
