using Microsoft.AspNetCore.Http;

namespace OpdTokens.Samples.Api.Problems;

/// <summary>The <c>code</c> member of every problem response: clients branch on it, not on the title.</summary>
internal static class ProblemCodes
{
    public const string ValidationFailed = "validation_failed";
    public const string NotFound = "not_found";
    public const string InvalidTransition = "invalid_transition";
    public const string SlotFull = "slot_full";
    public const string SlotUnavailable = "slot_unavailable";
    public const string DoctorUnavailable = "doctor_unavailable";
    public const string Conflict = "conflict";
    public const string DuplicatePatient = "duplicate_patient";
    public const string IdempotencyKeyReused = "idempotency_key_reused";
    public const string CapacityBelowOccupancy = "capacity_below_occupancy";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string RateLimited = "rate_limited";
    public const string PayloadTooLarge = "payload_too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string StoreUnavailable = "store_unavailable";
    public const string RequestTimeout = "request_timeout";
    public const string LengthRequired = "length_required";
    public const string UriTooLong = "uri_too_long";
    public const string HeadersTooLarge = "headers_too_large";
    public const string InternalError = "internal_error";

    /// <summary>The code of a problem raised by the framework (routing, body reading) rather than by an
    /// endpoint.</summary>
    public static string ForStatus(int status) =>
        status switch
        {
            StatusCodes.Status400BadRequest => ValidationFailed,
            StatusCodes.Status401Unauthorized => Unauthorized,
            StatusCodes.Status403Forbidden => Forbidden,
            StatusCodes.Status404NotFound => NotFound,
            StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
            StatusCodes.Status409Conflict => Conflict,
            StatusCodes.Status413PayloadTooLarge => PayloadTooLarge,
            StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
            StatusCodes.Status408RequestTimeout => RequestTimeout,
            StatusCodes.Status411LengthRequired => LengthRequired,
            StatusCodes.Status414UriTooLong => UriTooLong,
            StatusCodes.Status429TooManyRequests => RateLimited,
            StatusCodes.Status431RequestHeaderFieldsTooLarge => HeadersTooLarge,
            StatusCodes.Status503ServiceUnavailable => StoreUnavailable,
            _ => InternalError,
        };
}
