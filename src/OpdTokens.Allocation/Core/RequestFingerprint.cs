using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OpdTokens.Allocation.Core;

/// <summary>A hash of what an allocation request asks for, to tell a replay from a reused idempotency key. Hashed so
/// the stored record holds no personal data of its own.</summary>
internal static class RequestFingerprint
{
    public static string Of(AllocateToken command, PartitionKey partition)
    {
        // Stryker disable once String : equivalent; any fixed marker for a missing field or for the waitlist choice
        // works, as none can be mistaken for a valid value of its field.
        var text = string.Join(
            '\u001f',
            partition.ToString(),
            command.PreferredSlotId?.ToString() ?? string.Empty,
            command.Patient.Name,
            command.Patient.Phone ?? string.Empty,
            command.Patient.PatientId ?? string.Empty,
            ((int)command.Source).ToString(CultureInfo.InvariantCulture),
            command.WaitlistIfFull ? "w" : "r"
        );

        // The policy may score by these, so a repeat that changes them is another request. Appended only when set, so
        // the fingerprints of requests without them (all those stored before they existed) stay as they were.
        var patient = command.Patient;
        if (patient.DateOfBirth is { } born)
        {
            text += "\u001fb" + born.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in patient.Attributes)
        {
            text += "\u001fa" + key + "\u001e" + value;
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
