namespace OpdTokens.Allocation.Notifications;

/// <summary>The verdict on a signed webhook request (see <see cref="WebhookSignature"/>).</summary>
public enum WebhookVerificationResult
{
    /// <summary>The signature matches the body and the timestamp is within the tolerance: accept it.</summary>
    Valid = 0,

    /// <summary>The request has no signature header.</summary>
    Missing = 1,

    /// <summary>The header is not <c>t=…,v1=…</c>.</summary>
    Malformed = 2,

    /// <summary>No signature in the header matches the body and timestamp: the body or the timestamp was changed, or
    /// the secret differs.</summary>
    SignatureMismatch = 3,

    /// <summary>The signature matches, but the timestamp is outside the tolerance: an old request replayed, or a
    /// clock far off.</summary>
    Expired = 4,

    /// <summary>The same signed request was already accepted within the tolerance window: a replay.</summary>
    Replayed = 5,
}
