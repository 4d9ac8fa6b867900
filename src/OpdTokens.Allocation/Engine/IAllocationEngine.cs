using System.Collections.Immutable;

namespace OpdTokens.Allocation;

/// <summary>Allocates OPD tokens: commands change doctor-days under a per-partition lock and commit them to the
/// store; queries read the last published snapshot without locking.</summary>
/// <remarks>
/// <para>Commands return a <see cref="CommandResult{T}"/>: failures that are part of normal operation (slot full,
/// invalid transition, not found, validation) come back as an <see cref="AllocationError"/> and change nothing.
/// Misuse, such as a <see langword="null"/> command, throws. A store failure during a commit propagates and leaves
/// the engine's visible state exactly as before.</para>
/// <para>Implementations are thread-safe. The common path of every method completes synchronously with the in-memory
/// store.</para>
/// </remarks>
public interface IAllocationEngine
{
    /// <summary>Gets today's date in the hospital's time zone.</summary>
    DateOnly Today { get; }

    /// <summary>Adds a doctor to the registry.</summary>
    /// <param name="command">The doctor's details.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The new doctor, or an error (validation, conflict when the id is taken).</returns>
    ValueTask<CommandResult<Doctor>> RegisterDoctorAsync(
        RegisterDoctor command,
        CancellationToken cancellationToken = default
    );

    /// <summary>Changes a doctor's details.</summary>
    /// <param name="command">The new details.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The doctor as it is now, or an error (validation, not found).</returns>
    ValueTask<CommandResult<Doctor>> UpdateDoctorAsync(
        UpdateDoctor command,
        CancellationToken cancellationToken = default
    );

    /// <summary>Stops a doctor taking new tokens and slots.</summary>
    /// <param name="command">The doctor.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The doctor as it is now, or a not-found error.</returns>
    ValueTask<CommandResult<Doctor>> DeactivateDoctorAsync(
        DeactivateDoctor command,
        CancellationToken cancellationToken = default
    );

    /// <summary>Adds a slot to a doctor's day; waitlisted tokens move into it.</summary>
    /// <param name="command">The slot.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The new slot, or an error (validation, not found, doctor unavailable).</returns>
    ValueTask<CommandResult<SlotChangeResult>> AddSlotAsync(
        AddSlot command,
        CancellationToken cancellationToken = default
    );

    /// <summary>Closes a slot; its waiting tokens move to later slots with room, the rest to the waitlist.</summary>
    /// <param name="command">The slot.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The closed slot and the tokens that left it, or a not-found error.</returns>
    ValueTask<CommandResult<SlotChangeResult>> CloseSlotAsync(
        CloseSlot command,
        CancellationToken cancellationToken = default
    );

    /// <summary>Changes a slot's capacity.</summary>
    /// <param name="command">The slot and its new capacity.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The slot and the tokens promoted into it, or an error (validation, not found, capacity below
    /// occupancy).</returns>
    ValueTask<CommandResult<SlotChangeResult>> ResizeSlotAsync(
        ResizeSlot command,
        CancellationToken cancellationToken = default
    );

    /// <summary>Allocates a token by the rules of design section 5.</summary>
    /// <param name="command">The request.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The token and how it was placed, or an error (validation, not found, doctor or slot unavailable,
    /// slot full with alternatives, duplicate patient, reused idempotency key, conflict).</returns>
    ValueTask<CommandResult<AllocationResult>> AllocateAsync(
        AllocateToken command,
        CancellationToken cancellationToken = default
    );

    /// <summary>Checks in, starts, completes, cancels or marks a token as a no-show.</summary>
    /// <param name="command">The token and its new status.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The token and any token promoted into its freed seat, or an error (not found, invalid
    /// transition).</returns>
    ValueTask<CommandResult<StatusChangeResult>> ChangeStatusAsync(
        ChangeTokenStatus command,
        CancellationToken cancellationToken = default
    );

    /// <summary>Moves a token to another slot of its doctor-day that has room.</summary>
    /// <param name="command">The token and the slot.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The moved token, or an error (not found, invalid transition, slot full or unavailable).</returns>
    ValueTask<CommandResult<Token>> ReallocateAsync(
        ReallocateToken command,
        CancellationToken cancellationToken = default
    );

    /// <summary>Reports how late a doctor is running on a day.</summary>
    /// <param name="command">The doctor-day and its total delay.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The tokens moved to later slots, or an error (validation, not found).</returns>
    ValueTask<CommandResult<DelayResult>> ReportDelayAsync(
        ReportDelay command,
        CancellationToken cancellationToken = default
    );

    /// <summary>Finds a doctor.</summary>
    /// <param name="id">The doctor's id.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The doctor, or <see langword="null"/>.</returns>
    ValueTask<Doctor?> GetDoctorAsync(DoctorId id, CancellationToken cancellationToken = default);

    /// <summary>Lists the doctor registry.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>Every doctor, by id.</returns>
    ValueTask<ImmutableArray<Doctor>> GetDoctorsAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads a doctor-day snapshot: slots, tokens, queues, waitlist.</summary>
    /// <param name="partition">The doctor-day.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The published snapshot; an empty one (version 0) when nothing was stored for it.</returns>
    ValueTask<DoctorDay> GetDoctorDayAsync(PartitionKey partition, CancellationToken cancellationToken = default);

    /// <summary>Reads every stored doctor-day, or those of one date.</summary>
    /// <param name="onDate">The date, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The snapshots, by date then doctor.</returns>
    ValueTask<ImmutableArray<DoctorDay>> GetDoctorDaysAsync(
        DateOnly? onDate,
        CancellationToken cancellationToken = default
    );

    /// <summary>Finds a token by id.</summary>
    /// <param name="id">The token's id.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The token, or <see langword="null"/>.</returns>
    ValueTask<Token?> GetTokenAsync(TokenId id, CancellationToken cancellationToken = default);

    /// <summary>Finds a token by its printed number.</summary>
    /// <param name="number">The token number.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The token, or <see langword="null"/> (also for text that is not a token number).</returns>
    ValueTask<Token?> FindTokenByNumberAsync(string number, CancellationToken cancellationToken = default);

    /// <summary>Computes a slot's analytics.</summary>
    /// <param name="id">The slot.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The analytics, or <see langword="null"/> when the slot does not exist.</returns>
    ValueTask<SlotAnalytics?> GetSlotAnalyticsAsync(SlotId id, CancellationToken cancellationToken = default);

    /// <summary>Computes a doctor-day's analytics.</summary>
    /// <param name="partition">The doctor-day.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The analytics (all zero for a day with nothing stored).</returns>
    ValueTask<DoctorDayAnalytics> GetDoctorDayAnalyticsAsync(
        PartitionKey partition,
        CancellationToken cancellationToken = default
    );

    /// <summary>Computes figures over every stored doctor-day.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The system status.</returns>
    ValueTask<SystemStatus> GetSystemStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>Subscribes a sink to the domain events of every committed change.</summary>
    /// <param name="sink">The sink.</param>
    /// <returns>A handle that unsubscribes when disposed.</returns>
    IDisposable Subscribe(IAllocationEventSink sink);
}
