using System.Collections.Concurrent;
using OpdTokens.Allocation;

namespace OpdTokens.Samples.Api.Board;

/// <summary>Calls the next patient of a doctor: the best-ranked checked-in token of the doctor's current slot (the
/// earliest slot with a checked-in token) becomes consulting. Built on the engine's status command.</summary>
/// <remarks>Two clinicians pressing "call next" at once: calls for one doctor are taken one at a time in this
/// process, and a call whose token another instance took first (the engine refuses the transition) is decided again
/// on the new state, a few times at most. A doctor already in consultation is not given a second patient. This type
/// is thread-safe.</remarks>
internal sealed class ConsultingRoom(IAllocationEngine engine) : IDisposable
{
    private const int Attempts = 3;

    private readonly ConcurrentDictionary<PartitionKey, SemaphoreSlim> _locks = new();

    public async Task<CommandResult<Token>> CallNextAsync(
        PartitionKey day,
        string actor,
        CancellationToken cancellationToken
    )
    {
        var gate = _locks.GetOrAdd(day, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var snapshot = await engine.GetDoctorDayAsync(day, cancellationToken);
                if (InConsultation(snapshot) is { } current)
                {
                    return new AllocationError(
                        AllocationErrorCode.Conflict,
                        $"{current.Number} is in consultation; complete it first."
                    );
                }

                if (Next(snapshot) is not { } next)
                {
                    return new AllocationError(
                        AllocationErrorCode.Conflict,
                        "No checked-in patient is waiting for this doctor."
                    );
                }

                var result = await engine.ChangeStatusAsync(
                    new ChangeTokenStatus(next.Id, TokenStatus.Consulting) { Actor = actor },
                    cancellationToken
                );
                if (result.IsSuccess)
                {
                    return result.Value.Token;
                }

                if (result.Error.Code != AllocationErrorCode.InvalidTransition || attempt == Attempts)
                {
                    return result.Error;
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The first checked-in token in rank order of the earliest active slot that has one.</summary>
    internal static Token? Next(DoctorDay day)
    {
        foreach (var slot in day.Slots)
        {
            if (!slot.IsActive)
            {
                continue;
            }

            foreach (var token in day.GetQueue(slot.Id))
            {
                if (token.Status == TokenStatus.CheckedIn)
                {
                    return token;
                }
            }
        }

        return null;
    }

    private static Token? InConsultation(DoctorDay day)
    {
        var count = day.Tokens.Count;
        var found = 0;
        for (var sequence = 1; found < count && sequence < int.MaxValue; sequence++)
        {
            if (day.Tokens.TryGetValue(sequence, out var token))
            {
                found++;
                if (token.Status == TokenStatus.Consulting)
                {
                    return token;
                }
            }
        }

        return null;
    }

    public void Dispose()
    {
        foreach (var gate in _locks.Values)
        {
            gate.Dispose();
        }
    }
}
