using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace OpdTokens.Samples.Api.BrowserTests;

/// <summary>The waiting-room board and the consulting room in a real browser (Debian's chromium through Playwright)
/// against the API sample running as a real Kestrel process, shared by the tests of the class (each makes its own
/// doctors and links).</summary>
[Collection(SharedBrowser.Name)]
public sealed class BoardBrowserTests(ChromiumFixture chromium, HostFixture fixture)
    : IClassFixture<HostFixture>,
        IDisposable
{
    private readonly BoardHost _host = fixture.Host;
    private readonly BoardApi _api = new(fixture.Host);
    private readonly Pages _pages = new(chromium, fixture.Host);

    public void Dispose() => _api.Dispose();

    private Task<IPage> OpenBoardAsync(string connectPath, string doctors) =>
        _pages.OpenBoardAsync(connectPath, doctors);

    private Task<string> FeedAsync(string secret, string doctor) => _pages.FeedAsync(secret, doctor);

    private HttpClient CookieClient(string secret) => _pages.CookieClient(secret);

    private static Task<string?> NotArrivedAsync(IPage room) => Pages.NotArrivedAsync(room);

    private static string ShortNumber(JsonNode token) => Pages.ShortNumber(token);

    [Fact]
    public async Task A_booking_appears_on_the_board_within_two_seconds()
    {
        var (doctor, slot) = await _api.DoctorWithSlotAsync("Dr. Latha Board");
        var (_, _, connect) = await _api.BoardLinkAsync(doctor);
        var page = await OpenBoardAsync(connect, doctor);

        var clock = Stopwatch.StartNew();
        var token = await _api.BookAsync(doctor, slot, "Kavya Raman");
        await Assertions.Expect(page.Locator(".next li").First).ToContainTextAsync("K. R.", new() { Timeout = 2000 });
        clock.Stop();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2.5), $"the board took {clock.Elapsed}");
        await Assertions.Expect(page.Locator(".next li").First).ToContainTextAsync(ShortNumber(token));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Repository.Screenshots, "board-first-booking.png") });
    }

    [Fact]
    public async Task Calling_the_next_patient_updates_the_board()
    {
        var (doctor, slot) = await _api.DoctorWithSlotAsync("Dr. Ravi Consult");
        var first = await _api.BookAsync(doctor, slot, "Meera Pillai");
        await _api.CheckInAsync(first);
        var second = await _api.BookAsync(doctor, slot, "Arjun Das");
        await _api.CheckInAsync(second);
        await _api.BookAsync(doctor, slot, "Sunita Bose");
        // A screen may show several doctors: the one next door has a queue of her own.
        var (neighbour, theirs) = await _api.DoctorWithSlotAsync("Dr. Farah Khan");
        await _api.CheckInAsync(await _api.BookAsync(neighbour, theirs, "Vikram Singh"));
        await _api.BookAsync(neighbour, theirs, "Pooja Verma");
        var (_, _, connect) = await _api.BoardLinkAsync(doctor, neighbour);
        var board = await OpenBoardAsync(connect, $"{doctor},{neighbour}");
        await Assertions.Expect(board.Locator(".doctor")).ToHaveCountAsync(2);
        await Assertions.Expect(board.Locator(".serving").First).ToContainTextAsync("\u2014");

        var room = await chromium.NewPageAsync();
        await room.GotoAsync(new Uri(_host.Address, $"/consult/{doctor}").ToString());
        await room.GetByLabel("Clinician API key").FillAsync(BoardHost.ClinicianKey);
        await room.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(room.Locator("#waiting tr")).ToHaveCountAsync(2);
        await room.GetByRole(AriaRole.Button, new() { Name = "Call next patient" }).ClickAsync();

        await Assertions.Expect(room.Locator("#current")).ToContainTextAsync("Meera Pillai");
        await Assertions.Expect(board.Locator(".serving").First).ToContainTextAsync("M. P.", new() { Timeout = 3000 });
        await Assertions.Expect(board.Locator(".serving").First).ToContainTextAsync(ShortNumber(first));
        await Assertions
            .Expect(board.Locator("#clock"))
            .ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^\\d\\d:\\d\\d$"));
        await board.ScreenshotAsync(new() { Path = Path.Combine(Repository.Screenshots, "board.png") });
        await Assertions
            .Expect(room.GetByRole(AriaRole.Button, new() { Name = "Call next patient" }))
            .ToBeDisabledAsync();
        await room.ScreenshotAsync(
            new() { Path = Path.Combine(Repository.Screenshots, "consulting-room.png"), FullPage = true }
        );

        await room.GetByRole(AriaRole.Button, new() { Name = "Complete consultation" }).ClickAsync();
        await room.GetByRole(AriaRole.Button, new() { Name = "Call next patient" }).ClickAsync();
        await Assertions.Expect(board.Locator(".serving").First).ToContainTextAsync("A. D.", new() { Timeout = 3000 });
        await room.GetByRole(
                AriaRole.Button,
                new() { Name = "Mark " + (string)(await NotArrivedAsync(room))! + " as a no-show" }
            )
            .ClickAsync();
        await Assertions.Expect(room.Locator("#away tr")).ToHaveCountAsync(0);
        await Assertions
            .Expect(board.Locator(".doctor").First.Locator(".next li"))
            .ToHaveCountAsync(0, new() { Timeout = 3000 });
    }

    [Fact]
    public async Task No_full_name_or_phone_number_reaches_the_board_page_or_its_feed()
    {
        var (doctor, slot) = await _api.DoctorWithSlotAsync("Dr. Privacy");
        string[] names = ["Lakshmi Narayanan", "Imran Qureshi"];
        string[] phones = ["+91 98450 12345", "+91 99000 54321"];
        var booked = new List<JsonNode>();
        for (var i = 0; i < names.Length; i++)
        {
            booked.Add(await _api.BookAsync(doctor, slot, names[i], phones[i]));
        }

        await _api.CheckInAsync(booked[0]);
        var (_, secret, connect) = await _api.BoardLinkAsync(doctor);
        var page = await OpenBoardAsync(connect, doctor);
        await Assertions.Expect(page.Locator(".next li")).ToHaveCountAsync(2);

        // The page, its assets and the board's data, fetched with the page's own cookie; then its stream.
        var seen = new List<string> { await page.ContentAsync(), await page.InnerTextAsync("body") };
        foreach (
            var path in (string[])
                [
                    $"/board/{doctor}",
                    "/board-assets/board.js",
                    "/board-assets/board.css",
                    $"/api/v1/board?doctors={doctor}",
                ]
        )
        {
            var response = await page.Context.APIRequest.GetAsync(new Uri(_host.Address, path).ToString());
            Assert.True(response.Ok, $"{path}: {response.Status}");
            seen.Add(await response.TextAsync());
        }

        seen.Add(await FeedAsync(secret, doctor));
        var everything = string.Join("\n", seen);
        Assert.Contains("L. N.", everything, StringComparison.Ordinal);
        Assert.Contains("I. Q.", everything, StringComparison.Ordinal);
        foreach (
            var text in names.Concat(phones).Concat(["Lakshmi", "Narayanan", "Imran", "Qureshi", "98450", "54321"])
        )
        {
            Assert.DoesNotContain(text, everything, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_revoked_board_link_stops_working()
    {
        var (doctor, slot) = await _api.DoctorWithSlotAsync("Dr. Revoked");
        await _api.BookAsync(doctor, slot, "Rekha Menon");
        var (link, secret, connect) = await _api.BoardLinkAsync(doctor);
        var page = await OpenBoardAsync(connect, doctor);
        await Assertions.Expect(page.Locator(".next li")).ToHaveCountAsync(1);

        await _api.RevokeAsync(link);

        await Assertions
            .Expect(page.Locator("body"))
            .ToHaveAttributeAsync("data-state", "revoked", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("no longer works");
        using var http = CookieClient(secret);
        using var response = await http.GetAsync(new Uri($"/api/v1/board?doctors={doctor}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var again = await chromium.NewPageAsync();
        await again.GotoAsync(new Uri(_host.Address, connect).ToString());
        await Assertions.Expect(again.Locator("#message")).ToContainTextAsync("not valid or was revoked");
    }

    [Fact]
    public async Task A_board_link_shows_only_its_own_doctors()
    {
        var (mine, _) = await _api.DoctorWithSlotAsync("Dr. Mine");
        var (other, _) = await _api.DoctorWithSlotAsync("Dr. Other");
        var (_, secret, _) = await _api.BoardLinkAsync(mine);
        using var http = CookieClient(secret);

        using var allowed = await http.GetAsync(new Uri($"/api/v1/board?doctors={mine}", UriKind.Relative));
        using var refused = await http.GetAsync(new Uri($"/api/v1/board?doctors={mine},{other}", UriKind.Relative));
        using var tokens = await http.GetAsync(new Uri($"/api/v1/tokens?doctorId={mine}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, tokens.StatusCode);
    }
}

/// <summary>A host that is killed and started again in the middle of the test.</summary>
[Collection(SharedBrowser.Name)]
public sealed class BoardRestartTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private BoardHost? _host;

    public async Task InitializeAsync() => _host = await BoardHost.StartAsync();

    public async Task DisposeAsync() => await _host!.DisposeAsync();

    [Fact]
    public async Task The_board_recovers_after_the_host_restarts()
    {
        var pages = new Pages(chromium, _host!);
        using var api = new BoardApi(_host!);
        var (doctor, slot) = await api.DoctorWithSlotAsync("Dr. Neha Restart");
        await api.BookAsync(doctor, slot, "Gopal Iyer");
        var (_, _, connect) = await api.BoardLinkAsync(doctor);
        var page = await pages.OpenBoardAsync(connect, doctor);
        await Assertions.Expect(page.Locator(".next li")).ToHaveCountAsync(1);

        await _host!.StopAsync();
        await Assertions
            .Expect(page.Locator("body"))
            .ToHaveAttributeAsync("data-state", "reconnecting", new() { Timeout = 10_000 });
        await _host!.RestartAsync();
        await Assertions
            .Expect(page.Locator("body"))
            .ToHaveAttributeAsync("data-state", "live", new() { Timeout = 20_000 });
        await api.BookAsync(doctor, slot, "Tanvi Joshi");

        await Assertions.Expect(page.Locator(".next li")).ToHaveCountAsync(2, new() { Timeout = 5000 });
        await Assertions.Expect(page.Locator(".next")).ToContainTextAsync("T. J.");
    }
}

/// <summary>Page helpers.</summary>
internal sealed class Pages(ChromiumFixture chromium, BoardHost _host)
{
    public async Task<IPage> OpenBoardAsync(string connectPath, string doctors)
    {
        var page = await chromium.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, message) => console.Add(message.Text);
        page.PageError += (_, error) => console.Add(error);
        await page.GotoAsync(new Uri(_host.Address, connectPath).ToString());
        try
        {
            // Polls the address: the board opens by a script's navigation, which may finish before this is reached.
            await Assertions
                .Expect(page)
                .ToHaveURLAsync(
                    new System.Text.RegularExpressions.Regex(
                        "/board/" + System.Text.RegularExpressions.Regex.Escape(doctors) + "$"
                    ),
                    new() { Timeout = 20_000 }
                );
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"The board did not open from {page.Url}: {await page.InnerTextAsync("body")}\n"
                    + string.Join("\n", console),
                e
            );
        }

        await Assertions
            .Expect(page.Locator("body"))
            .ToHaveAttributeAsync("data-state", "live", new() { Timeout = 10_000 });
        Assert.DoesNotContain("#", page.Url, StringComparison.Ordinal);
        return page;
    }

    /// <summary>The first event of the board's stream, read with the board link's cookie.</summary>
    public async Task<string> FeedAsync(string secret, string doctor)
    {
        using var http = CookieClient(secret);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var response = await http.GetAsync(
            new Uri($"/api/v1/board/stream?doctors={doctor}", UriKind.Relative),
            HttpCompletionOption.ResponseHeadersRead,
            timeout.Token
        );
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var text = new System.Text.StringBuilder();
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            text.AppendLine(line);
            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                return text.ToString();
            }
        }

        return text.ToString();
    }

    public HttpClient CookieClient(string secret)
    {
        var http = _host.Client(null);
        http.DefaultRequestHeaders.Add("Cookie", "opd-board=" + secret);
        return http;
    }

    public static async Task<string?> NotArrivedAsync(IPage room)
    {
        await Assertions.Expect(room.Locator("#away tr")).ToHaveCountAsync(1);
        return await room.Locator("#away tr td").First.InnerTextAsync();
    }

    /// <summary>The board's way of writing a token number: DOCD1-20261121-0017 is D1-17.</summary>
    public static string ShortNumber(JsonNode token)
    {
        var parts = ((string)token["tokenNumber"]!).Split('-');
        return parts[0].Replace("DOC", "", StringComparison.Ordinal)
            + "-"
            + int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
    }
}
