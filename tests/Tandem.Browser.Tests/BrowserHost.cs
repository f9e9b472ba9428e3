using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Tandem.Browser.Tests;

/// <summary>
/// Tandem on a real Kestrel port (the browser needs a socket) with a fresh SQLite database and the
/// reference firm, plus Debian's Chromium driven by Playwright. Nothing is downloaded: the browser is
/// the system one (CHROMIUM_PATH, default /usr/bin/chromium).
/// </summary>
public class BrowserHost : IAsyncLifetime
{
    public const string AdminKey = "browser-admin-key-0123456789";

    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), $"tandem-browser-{Guid.NewGuid():N}");

    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>More settings for the server, e.g. a language-model provider (see <see cref="ReplayedLlmBrowserHost"/>).</summary>
    protected virtual IReadOnlyDictionary<string, string> ExtraSettings() => new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Tandem:DataDir", _dataDir);
            web.UseSetting("Tandem:Firms:0", Path.Combine(RepoRoot(), "samples", "firms", "harbour-home"));
            web.UseSetting("Tandem:Bootstrap:AdminApiKey", AdminKey);
            web.UseUrls(BaseUrl);
            foreach (var (key, value) in ExtraSettings())
            {
                web.UseSetting(key, value);
            }
        });
        _factory.UseKestrel();
        _factory.StartServer();
        using (var http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(30) })
        {
            (await http.GetAsync(new Uri("/health", UriKind.Relative))).EnsureSuccessStatusCode();
            (await http.GetAsync(new Uri("/", UriKind.Relative))).EnsureSuccessStatusCode();
        }

        // Every click on a console page is a round trip over the Blazor circuit; on a loaded 2-core CI
        // machine that has taken longer than Playwright's 5-second default for an expectation.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                // Keep the browser's own lookups off the closed network: only loopback resolves.
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
            ],
        });
    }

    /// <summary>A page that fails the test on any console error or uncaught exception.</summary>
    public async Task<(IPage Page, List<string> Errors)> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = 1280, Height = 860 } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        return (page, errors);
    }

    /// <summary>
    /// A page signed in to the console as a member of staff (the bootstrap admin key by default).
    /// Journeys sign in through this one helper, so a change of sign-in changes one place.
    /// </summary>
    public async Task<(IPage Page, List<string> Errors)> SignedInPageAsync(string name = "Sam", string? apiKey = null)
    {
        var (page, errors) = await NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByTestId("signin-key").FillAsync(apiKey ?? AdminKey);
        await page.GetByTestId("signin-name").FillAsync(name);
        await page.GetByTestId("signin-submit").ClickAsync();
        await ArrivedAsync(page, "**/inbox");
        return (page, errors);
    }

    /// <summary>
    /// Waits until the page is at a URL (a Playwright glob: <c>**</c> any characters, <c>*</c> any but '/').
    /// It polls the page's address rather than waiting on a navigation's load state: on the loaded 2-core
    /// CI machine a sign-in once reached /inbox and fired both "load" and "network idle" while the wait for
    /// the document's load state still timed out at 45 s (twice, with "load" and then
    /// "domcontentloaded"). What a test needs next is an element, which the expectations that follow
    /// wait for themselves.
    /// </summary>
    public static Task ArrivedAsync(IPage page, string urlGlob) =>
        Assertions.Expect(page).ToHaveURLAsync(GlobPattern(urlGlob), new PageAssertionsToHaveURLOptions { Timeout = 45_000 });

    /// <summary>A Playwright URL glob as a regular expression matching the whole address.</summary>
    public static Regex GlobPattern(string glob) =>
        new("^" + Regex.Escape(glob).Replace(@"\*\*", ".*", StringComparison.Ordinal).Replace(@"\*", "[^/]*", StringComparison.Ordinal) + "$");

    /// <summary>Runs axe-core on the page as it is now and fails with every violation it finds.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe();
        var problems = result.Violations
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")
            .ToList();
        Assert.True(problems.Count == 0, $"axe found {problems.Count} problem(s) on {page.Url}:\n" + string.Join("\n", problems));
    }

    public virtual async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tandem.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Repository root not found.");
    }
}
