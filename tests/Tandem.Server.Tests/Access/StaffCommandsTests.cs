using System.Net;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Access;

/// <summary>`./tandem staff`: the first admin is made at install time, with the password on stdin, never in the arguments.</summary>
[Collection(ConsoleOutput.Name)]
public sealed class StaffCommandsTests
{
    private static async Task<(int Exit, string Output)> RunWithStdinAsync(string stdin, params string[] args)
    {
        var original = Console.In;
        Console.SetIn(new StringReader(stdin));
        try
        {
            return await ConsoleOutput.RunAsync(args);
        }
        finally
        {
            Console.SetIn(original);
        }
    }

    [Fact]
    public async Task TheFirstAdminIsAddedBeforeTheServerFirstStartsAndSignsIn()
    {
        var dataDir = TestPaths.NewTempDir("tandem-staff-cli");
        var (exit, output) = await RunWithStdinAsync("lighthouse kettle orange\n",
            "staff", "add", "--email", "owner@harbourhome.co.uk", "--role", "admin", "--name", "Morwenna", "--password-stdin", "--json", "--data-dir", dataDir);
        Assert.Equal(0, exit);
        Assert.Equal("admin", ConsoleOutput.LastLineAsJson(output).GetProperty("role").GetString());

        await using var host = await TandemHost.StartAsync(Store.Sqlite, dataDir: dataDir);
        using var browser = host.Client();
        var signIn = await ConsoleSession.SignInAsync(browser, "owner@harbourhome.co.uk", "lighthouse kettle orange");
        Assert.Equal("/inbox", ConsoleSession.Location(signIn));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("/admin/staff", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task StaffAreListedByFirmAndAPasswordResetOpensALockedAccount()
    {
        var dataDir = TestPaths.NewTempDir("tandem-staff-cli");
        await using (var host = await TandemHost.StartAsync(Store.Sqlite, dataDir: dataDir))
        {
            using var admin = host.Admin();
            await ConsoleSession.AddStaffAsync(admin, "jo.bell@harbourhome.co.uk", "agent", "seagulls steal chips daily");
            using var browser = host.Client();
            for (var attempt = 1; attempt <= 5; attempt++)
            {
                await ConsoleSession.SignInAsync(browser, "jo.bell@harbourhome.co.uk", $"forgot it again {attempt}");
            }
        }

        var (listExit, listing) = await ConsoleOutput.RunAsync("staff", "list", "--firm", "harbour-home", "--json", "--data-dir", dataDir);
        Assert.Equal(0, listExit);
        var jo = Assert.Single(ConsoleOutput.LastLineAsJson(listing).GetProperty("staff").EnumerateArray());
        Assert.Equal("jo.bell@harbourhome.co.uk", jo.GetProperty("email").GetString());
        Assert.Equal("agent", jo.GetProperty("role").GetString());

        var (weakExit, _) = await RunWithStdinAsync("chips\n", "staff", "reset-password", "--email", "jo.bell@harbourhome.co.uk", "--password-stdin", "--data-dir", dataDir);
        Assert.Equal(2, weakExit);
        var (resetExit, _) = await RunWithStdinAsync("a new and longer passphrase\n", "staff", "reset-password", "--email", "jo.bell@harbourhome.co.uk", "--password-stdin", "--data-dir", dataDir);
        Assert.Equal(0, resetExit);

        await using var again = await TandemHost.StartAsync(Store.Sqlite, dataDir: dataDir);
        using var client = again.Client();
        Assert.Equal("/inbox", ConsoleSession.Location(await ConsoleSession.SignInAsync(client, "jo.bell@harbourhome.co.uk", "a new and longer passphrase")));
    }

    [Fact]
    public async Task APasswordCannotBeGivenAsAnArgument()
    {
        var dataDir = TestPaths.NewTempDir("tandem-staff-cli");
        var (exit, _) = await ConsoleOutput.RunAsync("staff", "add", "--email", "owner@harbourhome.co.uk", "--role", "admin", "--password", "lighthouse kettle orange", "--data-dir", dataDir);
        Assert.NotEqual(0, exit);
    }
}
