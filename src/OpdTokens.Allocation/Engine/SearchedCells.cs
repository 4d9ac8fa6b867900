namespace OpdTokens.Allocation;

/// <summary>The cached cells of the doctor-days one part of the alternatives search reads (a doctor's following days,
/// or a specialty's doctors on one day), as the last search found them, so the next reads them without looking each
/// one up.</summary>
/// <param name="owner">What the days are of: the registry's <see cref="Doctor"/> for following days, or its array of a
/// specialty's doctors; a change to the registry publishes new ones, which these cells no longer match.</param>
/// <param name="date">The day searched from.</param>
/// <param name="count">How many days.</param>
/// <remarks>A cell kept here is used only while the cache still holds it (<see cref="DoctorDayCell.Registered"/>) and
/// it is fresh; otherwise the search looks the day up again.</remarks>
internal sealed class SearchedCells(object owner, DateOnly date, int count)
{
    private readonly DoctorDayCell?[] _cells = new DoctorDayCell?[count];

    /// <summary>Whether these are the cells of these days.</summary>
    public bool AreOf(object daysOf, DateOnly day, int days) =>
        ReferenceEquals(daysOf, owner) && day == date && days == _cells.Length;

    /// <summary>The cell of the day at an index, if one was found.</summary>
    public DoctorDayCell? this[int index]
    {
        get => Volatile.Read(ref _cells[index]);
        set => Volatile.Write(ref _cells[index], value);
    }
}
