namespace OpdTokens.Allocation.Storage.Relational;

/// <summary>An estimate of the bytes a <see cref="PartitionChange"/> sends to the database, to bound a batch.</summary>
/// <remarks>One source file compiled into both store packages (linked from <c>src/Shared</c>).</remarks>
internal static class StoredChange
{
    /// <summary>Estimates the bytes of parameters a change's rows take, to bound a batch; an estimate (text counted as
    /// UTF-16, fixed sizes per row), not the wire size.</summary>
    public static int EstimateBytes(PartitionChange change)
    {
        long bytes = 64;
        foreach (var _ in change.Slots)
        {
            bytes += 64;
        }

        foreach (var token in change.Tokens)
        {
            bytes += 192 + 2L * (token.Number.Length + token.Patient.Name.Length);
            bytes += 2L * ((token.Patient.Phone?.Length ?? 0) + (token.Patient.PatientId?.Length ?? 0));
            bytes += 2L * (token.CancellationReason?.Length ?? 0);
            foreach (var move in token.History)
            {
                bytes += 96 + 2L * (move.Note?.Length ?? 0);
            }
        }

        foreach (var record in change.IdempotencyRecords)
        {
            bytes += 64 + 2L * (record.Key.Length + record.RequestFingerprint.Length);
        }

        return (int)Math.Min(bytes, int.MaxValue);
    }
}
