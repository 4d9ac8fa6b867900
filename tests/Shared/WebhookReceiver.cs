using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using OpdTokens.Allocation.Notifications;

namespace OpdTokens.Allocation.Tests.Receivers;

/// <summary>A webhook receiver on loopback for the notification tests: verifies every request's signature, records
/// what it accepted (with the path it was sent to and when), and can be down (connection refused), failing (500), slow,
/// or holding the requests sent to some path without answering, as the test says.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public const string Secret = "test-secret-0123456789abcdef0123456789";

    private WebhookVerifier? _verifier;
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HttpListener? _listener;
    private Task? _loop;
    private int _rejected;
    private int _held;

    public WebhookReceiver()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    /// <summary>How the receiver answers.</summary>
    public enum Mode
    {
        Ok,
        Fail,
        Slow,
    }

    public int Port { get; }

    /// <summary>The clock the signatures' timestamps are checked against: the sender's, when it is not the system's
    /// (set before the first request).</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    public Uri Url => new($"http://127.0.0.1:{Port}/hooks/opd/");

    public Mode Answer { get; set; } = Mode.Ok;

    /// <summary>How long a slow answer takes.</summary>
    public TimeSpan SlowBy { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Answers 500 to these event ids whatever the mode.</summary>
    public ConcurrentDictionary<string, bool> AlwaysFail { get; } = new();

    public int Rejected => Volatile.Read(ref _rejected);

    /// <summary>Requests to paths that start with this are held unanswered until <see cref="ReleaseHeld"/>, then
    /// answered 503 and not recorded: a sender stuck in an attempt, as when its process is about to die.</summary>
    public string? HoldPathPrefix { get; set; }

    /// <summary>How many requests were held so far.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>Answers the held requests (503) and holds no more.</summary>
    public void ReleaseHeld()
    {
        HoldPathPrefix = null;
        _release.TrySetResult();
    }

    public IReadOnlyList<Received> Accepted => [.. _received];

    /// <summary>Starts listening (before that, connections are refused).</summary>
    public void Start()
    {
        if (_listener is not null)
        {
            return;
        }

        _listener = new HttpListener();
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        var listener = _listener;
        _loop = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e)
                    when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                _ = Task.Run(() => HandleAsync(context));
            }
        });
    }

    /// <summary>Stops listening: connections are refused again.</summary>
    public async Task StopAsync()
    {
        ReleaseHeld();
        if (_listener is { } listener)
        {
            _listener = null;
            listener.Stop();
            listener.Close();
            if (_loop is not null)
            {
                await _loop;
            }
        }
    }

    public async Task<bool> WaitForAsync(Func<IReadOnlyList<Received>, bool> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (condition(Accepted))
            {
                return true;
            }

            await Task.Delay(50);
        }

        return condition(Accepted);
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var bytes = body.ToArray();
            var verifier = LazyInitializer.EnsureInitialized(
                ref _verifier,
                () => new WebhookVerifier(Secret, null, Clock)
            );
            var verdict = verifier.Verify(context.Request.Headers[WebhookSignature.HeaderName], bytes);
            if (verdict != WebhookVerificationResult.Valid)
            {
                Interlocked.Increment(ref _rejected);
                context.Response.StatusCode = 401;
                return;
            }

            using var json = JsonDocument.Parse(bytes);
            var id = json.RootElement.GetProperty("id").GetString()!;
            if (AlwaysFail.ContainsKey(id) || Answer == Mode.Fail)
            {
                context.Response.StatusCode = 500;
                return;
            }

            var path = context.Request.Url!.AbsolutePath;
            if (HoldPathPrefix is { } hold && path.StartsWith(hold, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _held);
                await _release.Task;
                context.Response.StatusCode = 503;
                return;
            }

            if (Answer == Mode.Slow)
            {
                await Task.Delay(SlowBy);
                context.Response.StatusCode = 503;
                return;
            }

            _received.Enqueue(
                new Received(
                    AllocationEventId.Parse(id),
                    json.RootElement.GetProperty("kind").GetString()!,
                    json.RootElement.GetProperty("message").GetString()!,
                    json.RootElement.GetProperty("recipient").GetProperty("language").GetString()!,
                    context.Request.Headers[WebhookSignature.EventIdHeaderName]!,
                    path,
                    DateTimeOffset.UtcNow
                )
            );
            context.Response.StatusCode = 204;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException)
        {
            // The receiver stopped mid-request: the sender sees a failed attempt and retries.
        }
        finally
        {
            try
            {
                context.Response.Close();
            }
            catch (Exception e)
                when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                // Already closed by a stop.
            }
        }
    }

    /// <summary>One accepted delivery: the event, the path it was sent to and when it was accepted.</summary>
    public sealed record Received(
        AllocationEventId Id,
        string Kind,
        string Message,
        string Language,
        string HeaderId,
        string Path,
        DateTimeOffset At
    );
}
