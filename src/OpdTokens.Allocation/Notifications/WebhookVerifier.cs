namespace OpdTokens.Allocation.Notifications;

/// <summary>Checks signed webhook requests on the receiving side: the signature (constant-time), the timestamp's
/// tolerance and replays of a request already accepted within that window.</summary>
/// <remarks>
/// <para>Give <see cref="Verify"/> the raw body as received, before any parsing. It remembers each accepted signature
/// until it falls out of the tolerance window (after which <see cref="WebhookVerificationResult.Expired"/> refuses it
/// anyway), so its memory is bounded by the requests of one window. A retry of a delivery is signed anew and is
/// accepted: drop duplicates by the event id (header <c>X-OpdTokens-Event-Id</c>, payload <c>id</c>).</para>
/// <para>This type is thread-safe.</para>
/// </remarks>
public sealed class WebhookVerifier
{
    private readonly string _secret;
    private readonly TimeSpan _tolerance;
    private readonly TimeProvider _time;
    private readonly object _gate = new();

    /// <summary>Accepted signatures and the timestamp each carried.</summary>
    private readonly Dictionary<string, long> _seen = new(StringComparer.Ordinal);

    /// <summary>Creates a verifier.</summary>
    /// <param name="secret">The secret shared with the sender.</param>
    /// <param name="tolerance">How far a timestamp may be from the receiver's clock; 5 minutes when
    /// <see langword="null"/>.</param>
    /// <param name="timeProvider">The receiver's clock; the system clock when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tolerance"/> is not positive.</exception>
    public WebhookVerifier(string secret, TimeSpan? tolerance = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        _tolerance = tolerance ?? TimeSpan.FromMinutes(5);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_tolerance, TimeSpan.Zero, nameof(tolerance));
        _secret = secret;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Checks a request and, when valid, remembers it so that the same request again is a replay.</summary>
    /// <param name="signatureHeader">The value of <c>X-OpdTokens-Signature</c>, or <see langword="null"/>.</param>
    /// <param name="body">The raw body received.</param>
    /// <returns>The verdict; only <see cref="WebhookVerificationResult.Valid"/> accepts the request.</returns>
    public WebhookVerificationResult Verify(string? signatureHeader, ReadOnlySpan<byte> body)
    {
        var now = _time.GetUtcNow();
        var result = WebhookSignature.Verify(signatureHeader, body, _secret, now, _tolerance, out var seconds);
        if (result != WebhookVerificationResult.Valid)
        {
            return result;
        }

        lock (_gate)
        {
            var oldest = (now - _tolerance).ToUnixTimeSeconds();
            if (_seen.Count > 1024)
            {
                foreach (var stale in _seen.Where(p => p.Value < oldest).Select(p => p.Key).ToList())
                {
                    _seen.Remove(stale);
                }
            }

            return _seen.TryAdd(signatureHeader!, seconds)
                ? WebhookVerificationResult.Valid
                : WebhookVerificationResult.Replayed;
        }
    }
}
