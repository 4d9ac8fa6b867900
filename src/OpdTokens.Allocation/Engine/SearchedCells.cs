namespace OpdTokens.Allocation;

/// <summary>What the last alternatives search found of the days one part of it reads (see <see cref="SearchedDays"/>):
/// each day's cached cell, or a note that nobody stored it, so the next search reads them without looking each one
/// up.</summary>
/// <param name="count">How many days.</param>
/// <remarks>A cell kept here is used only while the cache still holds it (<see cref="DoctorDayCell.Registered"/>) and
/// it is fresh, a <see cref="MissingDay"/> only while it is still missing; otherwise the search looks the day up
/// again.</remarks>
internal sealed class SearchedCells(int count)
{
    /// <summary>A <see cref="DoctorDayCell"/> or a <see cref="MissingDay"/> per day, or null before the first look.</summary>
    private readonly object?[] _cells = new object?[count];

    /// <summary>What was found of the day at an index: its cell, a <see cref="MissingDay"/>, or null.</summary>
    public object? this[int index]
    {
        get => Volatile.Read(ref _cells[index]);
        set => Volatile.Write(ref _cells[index], value);
    }
}
