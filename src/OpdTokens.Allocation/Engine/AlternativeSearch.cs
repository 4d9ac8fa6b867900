using System.Collections.Immutable;
using OpdTokens.Allocation.Core;

namespace OpdTokens.Allocation;

/// <summary>Finds slots to offer a request that was waitlisted or refused: the same doctor on the following days,
/// then the other active doctors of the same specialty on the same day.</summary>
/// <remarks>Cached doctor-days are read in place (a full day is skipped by its free-seat count without looking at its
/// slots); only days the engine does not hold are asked of the store.</remarks>
internal sealed class AlternativeSearch(
    DoctorDayCache cache,
    DoctorRegistry registry,
    int followingDays,
    int maxAlternatives
)
{
    public bool IsEnabled => maxAlternatives > 0;

    public async ValueTask<ImmutableArray<Alternative>> FindAsync(
        Doctor doctor,
        DateOnly date,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        var found = ImmutableArray.CreateBuilder<Alternative>(maxAlternatives);
        var lastDay = DateOnly.MaxValue.DayNumber - date.DayNumber;
        for (var offset = 1; offset <= followingDays && offset <= lastDay && found.Count < maxAlternatives; offset++)
        {
            await CollectAsync(new PartitionKey(doctor.Id, date.AddDays(offset)), now, found, cancellationToken)
                .ConfigureAwait(false);
        }

        if (found.Count < maxAlternatives)
        {
            var doctors = await registry.SameSpecialtyAsync(doctor, cancellationToken).ConfigureAwait(false);
            foreach (var other in doctors)
            {
                if (found.Count >= maxAlternatives)
                {
                    break;
                }

                if (other.Id == doctor.Id)
                {
                    continue;
                }

                await CollectAsync(new PartitionKey(other.Id, date), now, found, cancellationToken)
                    .ConfigureAwait(false);
            }
        }

        return found.Count == found.Capacity ? found.MoveToImmutable() : found.ToImmutable();
    }

    private async ValueTask CollectAsync(
        PartitionKey key,
        DateTimeOffset now,
        ImmutableArray<Alternative>.Builder found,
        CancellationToken cancellationToken
    ) =>
        await cache
            .ReadAsync(
                key,
                (now, maxAlternatives, found),
                static (day, a) =>
                {
                    AlternativeFinder.Collect(day, a.now, a.maxAlternatives, a.found);
                    return true;
                },
                cancellationToken
            )
            .ConfigureAwait(false);
}
