using System.Diagnostics;
using Microsoft.Playwright;

namespace OpdTokens.Samples.Api.BrowserTests;

/// <summary>Debian's chromium driven by Playwright, started once for the test class: Playwright's own browser download
/// is not reachable, so the system browser is launched (installed by <c>eng/chromium.sh --install</c> when it is
/// missing).</summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private static readonly string[] Flags =
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var chromium = await InstallAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(
            new BrowserTypeLaunchOptions
            {
                ExecutablePath = chromium,
                Headless = true,
                Args = Flags,
                Timeout = 60_000,
            }
        );
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>A new page in its own context (own cookies), 1280 x 720 like a small TV.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(
            new BrowserNewContextOptions
            {
                ViewportSize = new ViewportSize { Width = 1280, Height = 720 },
            }
        );
        return await context.NewPageAsync();
    }

    private static async Task<string> InstallAsync()
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(Repository.Root, "eng", "chromium.sh"));
        start.ArgumentList.Add("--install");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"eng/chromium.sh --install failed: {await error}");
        return (await output).Trim().Split('\n')[^1];
    }
}
