using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OpdTokens.Allocation.Notifications;

/// <summary>Signs webhook bodies and checks signatures: HMAC-SHA256 over the timestamp and the body, in the header
/// <c>X-OpdTokens-Signature: t={unix seconds},v1={hex}</c>, as payment and code-hosting platforms sign theirs.</summary>
/// <remarks>
/// <para>The signed text is the timestamp's decimal digits, a dot, then the body's bytes exactly as sent. A receiver
/// recomputes the HMAC with the shared secret over the raw body it received (before any JSON parsing), compares in
/// constant time and refuses a timestamp outside its tolerance, which bounds how long a captured request can be
/// replayed; <see cref="WebhookVerifier"/> also refuses a signature it has already accepted within that window. Each
/// attempt of a delivery is signed anew, so a retry is not a replay: receivers drop duplicates by the event id.</para>
/// <para>This type is stateless and thread-safe.</para>
/// </remarks>
public static class WebhookSignature
{
    /// <summary>The header carrying the signature.</summary>
    public const string HeaderName = "X-OpdTokens-Signature";

    /// <summary>The header carrying the event id, the same on every attempt.</summary>
    public const string EventIdHeaderName = "X-OpdTokens-Event-Id";

    /// <summary>The header carrying the event kind.</summary>
    public const string EventKindHeaderName = "X-OpdTokens-Event-Kind";

    /// <summary>The header carrying the attempt number, from 1.</summary>
    public const string AttemptHeaderName = "X-OpdTokens-Attempt";

    /// <summary>Signs a body.</summary>
    /// <param name="secret">The shared secret.</param>
    /// <param name="timestamp">When the request is sent.</param>
    /// <param name="body">The body's bytes, exactly as sent.</param>
    /// <returns>The header's value, <c>t={unix seconds},v1={hex}</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is empty.</exception>
    public static string Sign(string secret, DateTimeOffset timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var seconds = timestamp.ToUnixTimeSeconds();
        var mac = Compute(secret, seconds, body);
        return "t="
            + seconds.ToString(CultureInfo.InvariantCulture)
            + ",v1="
            + Convert.ToHexString(mac).ToLowerInvariant();
    }

    /// <summary>Checks a signature header against a body, without remembering it (see <see cref="WebhookVerifier"/>
    /// for replay detection).</summary>
    /// <param name="header">The header's value, or <see langword="null"/> when the request had none.</param>
    /// <param name="body">The raw body received.</param>
    /// <param name="secret">The shared secret.</param>
    /// <param name="now">The receiver's clock.</param>
    /// <param name="tolerance">How far the timestamp may be from <paramref name="now"/>, either way.</param>
    /// <returns>The verdict; only <see cref="WebhookVerificationResult.Valid"/> accepts the request.</returns>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is empty.</exception>
    public static WebhookVerificationResult Verify(
        string? header,
        ReadOnlySpan<byte> body,
        string secret,
        DateTimeOffset now,
        TimeSpan tolerance
    ) => Verify(header, body, secret, now, tolerance, out _);

    internal static WebhookVerificationResult Verify(
        string? header,
        ReadOnlySpan<byte> body,
        string secret,
        DateTimeOffset now,
        TimeSpan tolerance,
        out long seconds
    )
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        seconds = 0;
        if (string.IsNullOrEmpty(header))
        {
            return WebhookVerificationResult.Missing;
        }

        string? time = null;
        var candidates = new List<string>(1);
        foreach (var part in header.Split(','))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return WebhookVerificationResult.Malformed;
            }

            var key = part[..equals].Trim();
            var value = part[(equals + 1)..].Trim();
            if (key == "t")
            {
                time = value;
            }
            else if (key == "v1")
            {
                candidates.Add(value);
            }
        }

        if (
            time is null
            || candidates.Count == 0
            || !long.TryParse(time, NumberStyles.None, CultureInfo.InvariantCulture, out seconds)
        )
        {
            return WebhookVerificationResult.Malformed;
        }

        var expected = Compute(secret, seconds, body);
        var matched = false;
        foreach (var candidate in candidates)
        {
            if (candidate.Length != expected.Length * 2)
            {
                continue;
            }

            byte[] given;
            try
            {
                given = Convert.FromHexString(candidate);
            }
            catch (FormatException)
            {
                continue;
            }

            matched |= CryptographicOperations.FixedTimeEquals(given, expected);
        }

        if (!matched)
        {
            return WebhookVerificationResult.SignatureMismatch;
        }

        var age = now - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253_402_300_799));
        return age.Duration() <= tolerance ? WebhookVerificationResult.Valid : WebhookVerificationResult.Expired;
    }

    private static byte[] Compute(string secret, long seconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(seconds.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
    }
}
