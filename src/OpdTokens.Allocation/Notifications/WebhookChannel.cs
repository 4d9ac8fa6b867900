using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OpdTokens.Allocation.Serialization;

namespace OpdTokens.Allocation.Notifications;

/// <summary>Delivers notifications as signed HTTP POSTs of a JSON payload to one receiver.</summary>
/// <remarks>
/// <para>The body is a JSON object: <c>id</c> (the event id, the same on every attempt), <c>deliveryId</c> (new for
/// every request), <c>kind</c>,
/// <c>attempt</c>, <c>doctorId</c>, <c>date</c>, <c>version</c>, <c>sequence</c>, <c>occurredAt</c>, <c>recipient</c>
/// (<c>tokenId</c>, <c>tokenNumber</c>, <c>phone</c>, <c>language</c>), <c>message</c> and <c>event</c> (the event in
/// the form of <see cref="AllocationEventJsonConverter"/>). The headers carry the signature
/// (<see cref="WebhookSignature.HeaderName"/>), the event id, its kind and the attempt number.</para>
/// <para>A 2xx answer is a delivery. 408, 429 and 5xx answers, connection failures and time-outs are failures a
/// retry may mend; any other 4xx answer is permanent (the receiver refuses the message) and dead-letters the event at
/// once.</para>
/// <para>This type is thread-safe.</para>
/// </remarks>
public sealed class WebhookChannel : INotificationChannel
{
    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly string _secret;
    private readonly TimeProvider _time;

    /// <summary>Creates a webhook channel.</summary>
    /// <param name="name">The channel's name, for logs and metrics.</param>
    /// <param name="options">The receiver and the secret.</param>
    /// <param name="httpClient">The client to send with (from <c>IHttpClientFactory</c>, or one long-lived client);
    /// the channel does not dispose it.</param>
    /// <param name="timeProvider">The clock of the signatures' timestamps; the system clock when
    /// <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    public WebhookChannel(
        string name,
        WebhookChannelOptions options,
        HttpClient httpClient,
        TimeProvider? timeProvider = null
    )
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClient);
        var check = new WebhookChannelOptionsValidator().Validate(name, options);
        if (check.Failed)
        {
            throw new ArgumentException(check.FailureMessage, nameof(options));
        }

        Name = name;
        _url = options.Url!;
        _secret = options.Secret!;
        _http = httpClient;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public async ValueTask SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var body = Payload(notification);
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Sign(_secret, _time.GetUtcNow(), body));
        request.Headers.Add(WebhookSignature.EventIdHeaderName, notification.Id.ToString());
        request.Headers.Add(WebhookSignature.EventKindHeaderName, notification.Kind);
        request.Headers.Add(
            WebhookSignature.AttemptHeaderName,
            notification.Attempt.ToString(CultureInfo.InvariantCulture)
        );
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            // The message names the address and the socket error, never the payload.
            throw new NotificationDeliveryException($"Webhook {Name}: {e.HttpRequestError}: {e.Message}", e);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            var permanent =
                status is >= 400 and < 500
                && response.StatusCode is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);
            throw new NotificationDeliveryException($"Webhook {Name}: the receiver answered {status}.", permanent);
        }
    }

    /// <summary>Writes the JSON body of a notification.</summary>
    internal static byte[] Payload(Notification notification)
    {
        using var buffer = new MemoryStream(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            var stamp = notification.Event.Stamp;
            writer.WriteStartObject();
            writer.WriteString("id", notification.Id.ToString());
            // Unique per request, so two sends of the same attempt within one second never share a signature (which a
            // receiver would refuse as a replay).
            writer.WriteString("deliveryId", Guid.NewGuid().ToString("N"));
            writer.WriteString("kind", notification.Kind);
            writer.WriteNumber("attempt", notification.Attempt);
            writer.WriteString("doctorId", notification.Id.Partition.Doctor.Value);
            writer.WriteString(
                "date",
                notification.Id.Partition.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            );
            writer.WriteNumber("version", notification.Id.Version);
            writer.WriteNumber("sequence", notification.Id.Sequence);
            writer.WriteString("occurredAt", stamp.OccurredAt);
            writer.WriteStartObject("recipient");
            writer.WriteString("tokenId", notification.Recipient.TokenId.ToString());
            writer.WriteString("tokenNumber", notification.Recipient.TokenNumber);
            writer.WriteString("phone", notification.Recipient.Phone);
            writer.WriteString("language", notification.Recipient.Language);
            writer.WriteEndObject();
            writer.WriteString("message", notification.Message);
            writer.WritePropertyName("event");
            JsonSerializer.Serialize(writer, notification.Event, AllocationEventJsonConverter.Options);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
