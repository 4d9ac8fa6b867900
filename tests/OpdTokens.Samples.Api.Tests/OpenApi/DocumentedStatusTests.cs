using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using OpdTokens.Allocation.Tests.Receivers;
using OpdTokens.Samples.Api.Tests.Notifications;
using OpdTokens.Samples.Api.Tests.Support;

namespace OpdTokens.Samples.Api.Tests.OpenApi;

/// <summary>The statuses the OpenAPI document lists are the statuses the endpoints answer: each documented one is
/// produced by a request here, and no request of the test run gets one the document does not list.</summary>
public sealed class DocumentedStatusTests
{
    /// <summary>A well-formed event id that names no event.</summary>
    private const string UnknownEvent = "E-D1-20261121-99-1";

    private readonly List<(string Method, string Path, int Status)> _observed = [];

    [Fact]
    public async Task Every_documented_status_is_produced_and_every_answer_is_documented()
    {
        using var factory = new ApiFactory();
        using var admin = factory.Client();
        var document = (await admin.GetAsync("/openapi/v1.json"))!;
        var documented = Documented(document);

        await WorkingHostAsync(factory);
        await RateLimitedHostAsync(documented.Keys);
        await FailingHostAsync(StoreBehaviour.Unavailable, documented.Keys);
        await FailingHostAsync(StoreBehaviour.Broken, documented.Keys);
        await UnwritableLinksFileHostAsync();
        await DeadLetterHostAsync();

        var undocumented = _observed
            .Concat(ApiClient.Sent)
            .Select(o => (Operation: OperationOf(documented.Keys, o.Method, o.Path), o.Status, o.Path))
            .Where(o => o.Operation is not null && !documented[o.Operation].Contains(o.Status))
            .Select(o => $"{o.Operation} answered {o.Status} ({o.Path})")
            .Distinct()
            .ToList();
        var produced = _observed
            .Select(o => (Operation: OperationOf(documented.Keys, o.Method, o.Path), o.Status))
            .Where(o => o.Operation is not null)
            .ToHashSet();
        var unproduced = documented
            .SelectMany(d => d.Value.Select(status => (Operation: (string?)d.Key, Status: status)))
            .Where(d => !produced.Contains(d))
            .Select(d =>
                $"{d.Operation} {d.Status} (produced: "
                + string.Join(", ", produced.Where(p => p.Operation == d.Operation).Select(p => p.Status).Order())
                + ")"
            )
            .ToList();

        Assert.True(undocumented.Count == 0, "Undocumented answers:\n" + string.Join("\n", undocumented));
        Assert.True(unproduced.Count == 0, "Documented but never produced:\n" + string.Join("\n", unproduced));
    }

    /// <summary>Successes and the endpoints' own refusals, on a host whose store works.</summary>
    private async Task WorkingHostAsync(ApiFactory factory)
    {
        using var admin = factory.Client();
        using var display = factory.Client(ApiFactory.DisplayKey);
        using var anonymous = factory.Client(apiKey: null);
        var doctor = await admin.CreateDoctorAsync();
        var slot = await admin.CreateSlotAsync(doctor, "09:00", "10:00", 2);
        var later = await admin.CreateSlotAsync(doctor, "10:00", "11:00", 1);
        var spare = await admin.CreateSlotAsync(doctor, "12:00", "13:00", 2);
        var first = await admin.AllocateAsync(doctor, slot, "First");
        var token = (string)first["token"]!["id"]!;
        var number = (string)first["token"]!["tokenNumber"]!;
        var done = (string)(await admin.AllocateAsync(doctor, slot, "Second"))["token"]!["id"]!;
        await admin.AllocateAsync(doctor, later, "Third");
        await admin.CallAsync(HttpMethod.Post, $"/api/v1/tokens/{done}/cancel", null, HttpStatusCode.OK);
        var unknownToken = $"T-{doctor}-20261121-99";
        var unknownSlot = $"S-{doctor}-20261121-99";

        foreach (var client in (ApiClient[])[admin, display, anonymous])
        {
            await SendAsync(client, HttpMethod.Get, "/health");
            await SendAsync(client, HttpMethod.Get, "/health/ready");
            await SendAsync(client, HttpMethod.Get, "/api/v1/doctors");
            await SendAsync(client, HttpMethod.Get, $"/api/v1/doctors/{doctor}");
            await SendAsync(client, HttpMethod.Get, $"/api/v1/slots?doctorId={doctor}");
            await SendAsync(client, HttpMethod.Get, $"/api/v1/slots/{slot}");
            await SendAsync(client, HttpMethod.Get, $"/api/v1/slots/{slot}/queue");
            await StreamAsync(client, $"/api/v1/slots/{slot}/queue/stream");
            await SendAsync(client, HttpMethod.Get, $"/api/v1/tokens?doctorId={doctor}");
            await SendAsync(client, HttpMethod.Get, $"/api/v1/tokens/{token}");
            await SendAsync(client, HttpMethod.Get, $"/api/v1/tokens/number/{number}");
            await SendAsync(client, HttpMethod.Get, $"/api/v1/analytics/slots/{slot}");
            await SendAsync(client, HttpMethod.Get, $"/api/v1/analytics/doctors/{doctor}/day/{ApiFactory.Today}");
            await SendAsync(client, HttpMethod.Get, "/api/v1/analytics/system/status");
            await SendAsync(client, HttpMethod.Get, $"/api/v1/board?doctors={doctor}");
            await StreamAsync(client, $"/api/v1/board/stream?doctors={doctor}");
            await SendAsync(client, HttpMethod.Get, "/api/v1/board-links");
            await SendAsync(client, HttpMethod.Get, "/api/v1/admin/notifications/outbox");
            await SendAsync(client, HttpMethod.Get, "/api/v1/admin/notifications/dead-letters");
        }

        // Commands refused by the roles and the key check (before they could change anything).
        foreach (var client in (ApiClient[])[display, anonymous])
        {
            foreach (var (method, path, body) in Commands(doctor, slot, token).Concat(BoardCommands(doctor)))
            {
                await SendAsync(client, method, path, body);
            }

            await SendAsync(client, HttpMethod.Post, $"/api/v1/admin/notifications/dead-letters/{UnknownEvent}/retry");
        }

        // Not found.
        await SendAsync(admin, HttpMethod.Get, "/api/v1/doctors/NOPE");
        await SendAsync(admin, HttpMethod.Post, "/api/v1/doctors/NOPE/delay", new { minutes = 5 });
        await SendAsync(admin, HttpMethod.Post, "/api/v1/doctors/NOPE/deactivate");
        await SendAsync(admin, HttpMethod.Post, "/api/v1/slots", Slot("NOPE", "14:00", "15:00", 2));
        await SendAsync(admin, HttpMethod.Get, "/api/v1/slots?doctorId=NOPE");
        await SendAsync(admin, HttpMethod.Get, $"/api/v1/slots/{unknownSlot}");
        await SendAsync(admin, HttpMethod.Post, $"/api/v1/slots/{unknownSlot}/close");
        await SendAsync(admin, HttpMethod.Post, $"/api/v1/slots/{unknownSlot}/resize", new { maxCapacity = 3 });
        await SendAsync(admin, HttpMethod.Get, $"/api/v1/slots/{unknownSlot}/queue");
        await StreamAsync(admin, $"/api/v1/slots/{unknownSlot}/queue/stream");
        await SendAsync(admin, HttpMethod.Post, "/api/v1/tokens", Booking("NOPE", null));
        await SendAsync(admin, HttpMethod.Get, "/api/v1/tokens?doctorId=NOPE");
        await SendAsync(admin, HttpMethod.Get, $"/api/v1/tokens/{unknownToken}");
        await SendAsync(admin, HttpMethod.Get, "/api/v1/tokens/number/NOPE-1");
        await SendAsync(
            admin,
            HttpMethod.Patch,
            $"/api/v1/tokens/{unknownToken}/status",
            new { status = "checked_in" }
        );
        await SendAsync(admin, HttpMethod.Post, $"/api/v1/tokens/{unknownToken}/cancel");
        await SendAsync(admin, HttpMethod.Post, $"/api/v1/tokens/{unknownToken}/no-show");
        await SendAsync(admin, HttpMethod.Post, $"/api/v1/tokens/{unknownToken}/reallocate", new { slotId = spare });
        await SendAsync(admin, HttpMethod.Get, $"/api/v1/analytics/slots/{unknownSlot}");
        await SendAsync(admin, HttpMethod.Get, $"/api/v1/analytics/doctors/NOPE/day/{ApiFactory.Today}");
        await SendAsync(admin, HttpMethod.Post, $"/api/v1/admin/notifications/dead-letters/{UnknownEvent}/retry");

        // Validation: a missing field, a bad filter, a bad date.
        await SendAsync(admin, HttpMethod.Post, "/api/v1/doctors", new { name = "Dr. X" });
        await SendAsync(admin, HttpMethod.Post, $"/api/v1/doctors/{doctor}/delay", new { });
        await SendAsync(admin, HttpMethod.Post, "/api/v1/slots", new { doctorId = doctor });
        await SendAsync(admin, HttpMethod.Get, "/api/v1/slots?date=tomorrow");
        await SendAsync(admin, HttpMethod.Post, $"/api/v1/slots/{slot}/resize", new { });
        await SendAsync(admin, HttpMethod.Post, "/api/v1/tokens", new { doctorId = doctor });
        await SendAsync(admin, HttpMethod.Get, "/api/v1/tokens?status=checkedin");
        await SendAsync(admin, HttpMethod.Patch, $"/api/v1/tokens/{token}/status", new { });
        await SendAsync(admin, HttpMethod.Post, $"/api/v1/tokens/{token}/reallocate", new { });
        await SendAsync(admin, HttpMethod.Get, $"/api/v1/analytics/doctors/{doctor}/day/21-11-2026");
        await SendAsync(admin, HttpMethod.Get, "/api/v1/admin/notifications/dead-letters?limit=0");
        await SendAsync(admin, HttpMethod.Post, "/api/v1/admin/notifications/dead-letters/nonsense/retry");

        // Conflicts with the state.
        await SendAsync(
            admin,
            HttpMethod.Post,
            "/api/v1/doctors",
            new
            {
                name = "Dr. X",
                specialty = "ENT",
                id = doctor,
            }
        );
        await SendAsync(admin, HttpMethod.Post, "/api/v1/slots", Slot(doctor, "09:30", "10:30", 2));
        await SendAsync(admin, HttpMethod.Post, $"/api/v1/slots/{slot}/resize", new { maxCapacity = 1 });
        await SendAsync(admin, HttpMethod.Post, "/api/v1/tokens", Booking(doctor, later, waitlist: false));
        await SendAsync(admin, HttpMethod.Patch, $"/api/v1/tokens/{done}/status", new { status = "checked_in" });
        await SendAsync(admin, HttpMethod.Post, $"/api/v1/tokens/{done}/cancel");
        await SendAsync(admin, HttpMethod.Post, $"/api/v1/tokens/{done}/no-show");
        await SendAsync(admin, HttpMethod.Post, $"/api/v1/tokens/{token}/reallocate", new { slotId = later });

        // Idempotency: a replay (200) and a reused key (422).
        await SendAsync(admin, HttpMethod.Post, "/api/v1/tokens", Booking(doctor, spare), key: "matrix-1");
        await SendAsync(admin, HttpMethod.Post, "/api/v1/tokens", Booking(doctor, spare), key: "matrix-1");
        await SendAsync(admin, HttpMethod.Post, "/api/v1/tokens", Booking(doctor, slot), key: "matrix-1");

        // Bodies too large or of the wrong type, on every operation that reads one.
        foreach (
            var (method, path, _) in Commands(doctor, slot, token)
                .Concat(BoardCommands(doctor))
                .Append((HttpMethod.Post, "/board/session", new { secret = "matrix" }))
                .Where(c => c.Body is not null)
        )
        {
            await SendRawAsync(
                admin,
                method,
                path,
                new StringContent(new string('x', 17 * 1024), Encoding.UTF8, "application/json")
            );
            await SendRawAsync(admin, method, path, new StringContent("{}", Encoding.UTF8, "text/plain"));
        }

        await BoardsAsync(factory, admin);

        // A slot that cannot shrink below its seats.
        await admin.AllocateAsync(doctor, spare, "Fourth");
        await SendAsync(admin, HttpMethod.Post, $"/api/v1/slots/{spare}/resize", new { maxCapacity = 1 });

        // The commands themselves, last, since they change the day; then what an inactive doctor is refused.
        var other = (string)(await admin.AllocateAsync(doctor, null, "Fifth"))["token"]!["id"]!;
        var open = await admin.CreateSlotAsync(doctor, "14:00", "15:00", 5);
        foreach (var (method, path, body) in Commands(doctor, slot, token, open, other))
        {
            await SendAsync(admin, method, path, body);
        }

        await SendAsync(admin, HttpMethod.Post, "/api/v1/slots", Slot(doctor, "16:00", "17:00", 2));
        await SendAsync(admin, HttpMethod.Post, "/api/v1/tokens", Booking(doctor, null));
    }

    /// <summary>The waiting-room boards on the working host: links issued and revoked, a screen's session and its
    /// cookie, the board once and live, and the consulting room's call-next.</summary>
    private async Task BoardsAsync(ApiFactory factory, ApiClient admin)
    {
        using var clinician = factory.Client(ApiFactory.ClinicianKey);
        using var screen = factory.Client(apiKey: null);
        var room = await admin.CreateDoctorAsync();
        var other = await admin.CreateDoctorAsync();
        var slot = await admin.CreateSlotAsync(room, "09:00", "10:00", 2);
        var waiting = (string)(await admin.AllocateAsync(room, slot, "Board Patient"))["token"]!["id"]!;

        // Links: issued, refused (a bad body, an unknown doctor).
        var link = (await SendAsync(admin, HttpMethod.Post, "/api/v1/board-links", BoardLink(room)))!;
        await SendAsync(
            admin,
            HttpMethod.Post,
            "/api/v1/board-links",
            new { name = "", doctorIds = Array.Empty<string>() }
        );
        await SendAsync(admin, HttpMethod.Post, "/api/v1/board-links", BoardLink("NOPE"));

        // A screen's session: a wrong secret, no body, then the link's secret for the cookie.
        await SendAsync(screen, HttpMethod.Post, "/board/session", new { secret = "not-a-secret" });
        await SendAsync(screen, HttpMethod.Post, "/board/session");
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/board/session"))
        {
            request.Content = Json(new { secret = (string)link["secret"]! });
            using var session = await screen.Http.SendAsync(request);
            _observed.Add(("POST", "/board/session", (int)session.StatusCode));
            Assert.Equal(HttpStatusCode.OK, session.StatusCode);
            var cookie = session.Headers.GetValues("Set-Cookie").Single();
            screen.Http.DefaultRequestHeaders.Add("Cookie", cookie.Split(';')[0]);
        }

        // The board, once and live: its link's doctors only, ids that must exist, 1 to Board:MaxDoctors of them.
        foreach (var query in (string[])[$"?doctors={room}", $"?doctors={room},{other}"])
        {
            await SendAsync(screen, HttpMethod.Get, "/api/v1/board" + query);
            await StreamAsync(screen, "/api/v1/board/stream" + query);
        }

        foreach (var query in (string[])["", "?doctors=D1,D2,D3,D4,D5,D6,D7", "?doctors=NOPE"])
        {
            await SendAsync(admin, HttpMethod.Get, "/api/v1/board" + query);
            await StreamAsync(admin, "/api/v1/board/stream" + query);
        }

        // Revoked: the cookie stops working; an unknown link is not found.
        await SendAsync(admin, HttpMethod.Delete, $"/api/v1/board-links/{(string)link["id"]!}");
        await SendAsync(admin, HttpMethod.Delete, "/api/v1/board-links/000000000000");
        await SendAsync(screen, HttpMethod.Get, $"/api/v1/board?doctors={room}");
        await StreamAsync(screen, $"/api/v1/board/stream?doctors={room}");

        // Call next: nobody checked in, the checked-in patient, a consultation under way, a bad date, no doctor.
        var callNext = $"/api/v1/doctors/{room}/call-next";
        await SendAsync(clinician, HttpMethod.Post, callNext, new { date = ApiFactory.Today });
        await clinician.CallAsync(
            HttpMethod.Patch,
            $"/api/v1/tokens/{waiting}/status",
            new { status = "checked_in" },
            HttpStatusCode.OK
        );
        await SendAsync(clinician, HttpMethod.Post, callNext);
        await SendAsync(clinician, HttpMethod.Post, callNext);
        await SendAsync(clinician, HttpMethod.Post, callNext, new { date = "tomorrow" });
        await SendAsync(clinician, HttpMethod.Post, "/api/v1/doctors/NOPE/call-next");
    }

    /// <summary>A host whose board-links file cannot be written once a link is issued: the file's folder is replaced
    /// by a plain file, so every write fails, as on a full or read-only disk.</summary>
    private async Task UnwritableLinksFileHostAsync()
    {
        var root = Directory.CreateTempSubdirectory("opd-board-links-");
        try
        {
            var folder = Path.Combine(root.FullName, "board");
            using var factory = ApiFactory.With(
                new Dictionary<string, string?> { ["Board:LinksFile"] = Path.Combine(folder, "links.json") }
            );
            using var admin = factory.Client();
            var doctor = await admin.CreateDoctorAsync();
            var link = await admin.PostAsync("/api/v1/board-links", BoardLink(doctor), HttpStatusCode.Created);
            Directory.Delete(folder, recursive: true);
            await File.WriteAllTextAsync(folder, "not a folder");

            await SendAsync(admin, HttpMethod.Delete, $"/api/v1/board-links/{(string)link!["id"]!}");
            await SendAsync(admin, HttpMethod.Post, "/api/v1/board-links", BoardLink(doctor));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    /// <summary>A host with notifications on whose webhook refuses connections: its events are given up on at the
    /// first attempt, listed a page at a time, and one is retried.</summary>
    private async Task DeadLetterHostAsync()
    {
        await using var receiver = new WebhookReceiver();
        using var host = NotificationAdminEndpointsTests.Notifying(receiver);
        using var admin = host.Client();
        var doctor = await admin.CreateDoctorAsync();
        var slot = await admin.CreateSlotAsync(doctor, "09:00", "10:00", 5);
        for (var i = 1; i <= 3; i++)
        {
            await admin.PostAsync(
                "/api/v1/tokens",
                NotificationAdminEndpointsTests.Booking(doctor, slot, "Dead Letter " + i),
                HttpStatusCode.Created
            );
        }

        var dead = await NotificationAdminEndpointsTests.DeadLettersAsync(admin, count: 3);
        await SendAsync(admin, HttpMethod.Get, "/api/v1/admin/notifications/dead-letters?limit=2");
        await SendAsync(admin, HttpMethod.Get, "/api/v1/admin/notifications/outbox");
        await SendAsync(
            admin,
            HttpMethod.Post,
            $"/api/v1/admin/notifications/dead-letters/{(string)dead[0]!["id"]!}/retry"
        );
    }

    /// <summary>Every operation once more with a key whose limit is used up.</summary>
    private async Task RateLimitedHostAsync(IEnumerable<string> operations)
    {
        using var factory = ApiFactory.With(
            new Dictionary<string, string?> { ["Security:RateLimit:PermitLimit"] = "1" }
        );
        using var admin = factory.Client();
        await admin.SendAsync(HttpMethod.Get, "/api/v1/doctors");
        await EveryOperationAsync(admin, operations);
    }

    /// <summary>Every operation on a host whose store fails from the start.</summary>
    private async Task FailingHostAsync(StoreBehaviour behaviour, IEnumerable<string> operations)
    {
        using var store = new ScriptedStore { Behaviour = behaviour };
        using var factory = new ApiFactory { Store = store };
        using var admin = factory.Client();
        await EveryOperationAsync(admin, operations);
    }

    private async Task EveryOperationAsync(ApiClient client, IEnumerable<string> operations)
    {
        const string doctor = "D1";
        const string slot = "S-D1-20261121-1";
        const string token = "T-D1-20261121-1";
        foreach (var operation in operations)
        {
            var (method, template) = Split(operation);
            var path = template
                .Replace("/doctors/{id}", $"/doctors/{doctor}", StringComparison.Ordinal)
                .Replace("/slots/{id}", $"/slots/{slot}", StringComparison.Ordinal)
                .Replace("/tokens/{id}", $"/tokens/{token}", StringComparison.Ordinal)
                .Replace("{tokenNumber}", "DOCD1-20261121-0001", StringComparison.Ordinal)
                .Replace("/board-links/{id}", "/board-links/000000000000", StringComparison.Ordinal)
                .Replace("{date}", ApiFactory.Today, StringComparison.Ordinal)
                .Replace("{eventId}", UnknownEvent, StringComparison.Ordinal);
            if (path is "/api/v1/board" or "/api/v1/board/stream")
            {
                path += $"?doctors={doctor}";
            }

            var body = Commands(doctor, slot, token)
                .Concat(BoardCommands(doctor))
                .FirstOrDefault(c => c.Method == method && c.Path == path)
                .Body;
            if (path.Split('?')[0].EndsWith("/stream", StringComparison.Ordinal))
            {
                await StreamAsync(client, path);
            }
            else
            {
                await SendAsync(client, method, path, body);
            }
        }
    }

    private static IEnumerable<(HttpMethod Method, string Path, object? Body)> Commands(
        string doctor,
        string slot,
        string token,
        string? target = null,
        string? other = null
    ) =>
        [
            (HttpMethod.Post, "/api/v1/doctors", new { name = "Dr. New", specialty = "ENT" }),
            (HttpMethod.Post, $"/api/v1/doctors/{doctor}/delay", new { minutes = 10 }),
            (HttpMethod.Post, "/api/v1/slots", Slot(doctor, "15:00", "16:00", 2)),
            (HttpMethod.Post, $"/api/v1/slots/{slot}/resize", new { maxCapacity = 4 }),
            (HttpMethod.Post, "/api/v1/tokens", Booking(doctor, slot)),
            (HttpMethod.Patch, $"/api/v1/tokens/{token}/status", new { status = "checked_in" }),
            (HttpMethod.Post, $"/api/v1/tokens/{token}/reallocate", new { slotId = target ?? slot }),
            (HttpMethod.Post, $"/api/v1/tokens/{other ?? token}/no-show", null),
            (HttpMethod.Post, $"/api/v1/tokens/{token}/cancel", null),
            (HttpMethod.Post, $"/api/v1/slots/{slot}/close", null),
            (HttpMethod.Post, $"/api/v1/doctors/{doctor}/deactivate", null),
        ];

    /// <summary>The board's commands that need a key with the right role.</summary>
    private static IEnumerable<(HttpMethod Method, string Path, object? Body)> BoardCommands(string doctor) =>
        [
            (HttpMethod.Post, "/api/v1/board-links", BoardLink(doctor)),
            (HttpMethod.Delete, "/api/v1/board-links/000000000000", null),
            (HttpMethod.Post, $"/api/v1/doctors/{doctor}/call-next", new { date = ApiFactory.Today }),
        ];

    private static object BoardLink(string doctor) => new { name = "matrix-tv", doctorIds = new[] { doctor } };

    private static object Slot(string doctor, string start, string end, int capacity) =>
        new
        {
            doctorId = doctor,
            date = ApiFactory.Today,
            startTime = start,
            endTime = end,
            maxCapacity = capacity,
        };

    private static object Booking(string doctor, string? slot, bool waitlist = true) =>
        new
        {
            doctorId = doctor,
            slotId = slot,
            patientName = "Matrix Patient",
            source = "walk_in",
            waitlistIfFull = waitlist,
        };

    /// <summary>Sends a request and notes its status; returns the JSON body, if any.</summary>
    private async Task<JsonNode?> SendAsync(
        ApiClient client,
        HttpMethod method,
        string path,
        object? body = null,
        string? key = null
    )
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = Json(body);
        }

        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        using var response = await client.Http.SendAsync(request);
        _observed.Add((method.Method, path, (int)response.StatusCode));
        return response.Content.Headers.ContentType?.MediaType == "application/json"
            ? JsonNode.Parse(await response.Content.ReadAsStringAsync())
            : null;
    }

    private static StringContent Json(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private async Task SendRawAsync(ApiClient client, HttpMethod method, string path, HttpContent content)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await client.Http.SendAsync(request);
        _observed.Add((method.Method, path, (int)response.StatusCode));
    }

    /// <summary>Opens a live feed and closes it once the status is known: the server ends the stream when its client
    /// leaves. The headers are awaited for 30 seconds at most, so a feed that never starts fails the test rather than
    /// hanging it.</summary>
    private async Task StreamAsync(ApiClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.Http.SendAsync(
            request,
            HttpCompletionOption.ResponseHeadersRead,
            timeout.Token
        );
        _observed.Add(("GET", path, (int)response.StatusCode));
    }

    /// <summary>Each operation ("GET /api/v1/tokens/{id}") and the statuses it lists.</summary>
    private static Dictionary<string, HashSet<int>> Documented(JsonNode document)
    {
        var result = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        foreach (var (path, operations) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in operations!.AsObject())
            {
                result[$"{method.ToUpperInvariant()} {path}"] =
                [
                    .. operation!["responses"]!
                        .AsObject()
                        .Select(r => int.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture)),
                ];
            }
        }

        return result;
    }

    /// <summary>The documented operation a request went to: the template whose segments match, literal segments
    /// preferred over parameters (as routing prefers them).</summary>
    private static string? OperationOf(IEnumerable<string> operations, string method, string path)
    {
        var segments = path.Split('?')[0].Split('/');
        return operations
            .Select(operation => (Operation: operation, Parts: Split(operation)))
            .Where(o => o.Parts.Method.Method == method)
            .Select(o => (o.Operation, Template: o.Parts.Path.Split('/')))
            .Where(o =>
                o.Template.Length == segments.Length
                && o.Template.Zip(segments).All(p => p.First.StartsWith('{') || p.First == p.Second)
            )
            .OrderBy(o => o.Template.Count(t => t.StartsWith('{')))
            .Select(o => o.Operation)
            .FirstOrDefault();
    }

    private static (HttpMethod Method, string Path) Split(string operation)
    {
        var space = operation.IndexOf(' ', StringComparison.Ordinal);
        return (new HttpMethod(operation[..space]), operation[(space + 1)..]);
    }
}
