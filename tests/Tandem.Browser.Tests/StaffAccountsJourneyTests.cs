using Microsoft.Playwright;

namespace Tandem.Browser.Tests;

/// <summary>An admin adds an agent, who signs in with a password and out again; an admin creates an API key that is shown once.</summary>
public sealed class AnAdminManagesStaffAndKeys(BrowserHost host) : IClassFixture<BrowserHost>
{
    [Fact]
    public async Task AnAgentAddedByAnAdminSignsInWithAPasswordSeesNoAdminSectionAndSignsOut()
    {
        var (admin, adminErrors) = await host.SignedInPageAsync("Morwenna");
        await admin.GetByTestId("nav-staff").ClickAsync();
        await BrowserHost.ArrivedAsync(admin, "**/admin/staff");
        await Assertions.Expect(admin.GetByTestId("add-staff-submit")).ToBeVisibleAsync();
        await BrowserHost.AssertAccessibleAsync(admin);
        await admin.GetByTestId("add-staff-email").FillAsync("jo.bell@harbourhome.co.uk");
        await admin.GetByTestId("add-staff-name").FillAsync("Jo");
        await admin.GetByTestId("add-staff-role").SelectOptionAsync("agent");
        await admin.GetByTestId("add-staff-password").FillAsync("seagulls steal chips daily");
        await admin.GetByTestId("add-staff-submit").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("staff-status")).ToContainTextAsync("Added jo.bell@harbourhome.co.uk as agent");
        await Assertions.Expect(admin.Locator("[data-testid=staff-row][data-email='jo.bell@harbourhome.co.uk']")).ToHaveCountAsync(1);
        await BrowserHost.AssertAccessibleAsync(admin);
        // For the README's tour: TANDEM_SCREENSHOTS=$PWD/docs/screenshots refreshes it.
        if (Environment.GetEnvironmentVariable("TANDEM_SCREENSHOTS") is { Length: > 0 } screenshots)
        {
            await admin.ScreenshotAsync(new() { Path = Path.Combine(Path.GetFullPath(screenshots), "staff.png") });
        }

        var (agent, agentErrors) = await host.NewPageAsync();
        await agent.GotoAsync("/signin");
        await BrowserHost.AssertAccessibleAsync(agent);
        if (Environment.GetEnvironmentVariable("TANDEM_SCREENSHOTS") is { Length: > 0 } shots)
        {
            await agent.ScreenshotAsync(new() { Path = Path.Combine(Path.GetFullPath(shots), "signin.png") });
        }
        await agent.GetByTestId("signin-email").FillAsync("jo.bell@harbourhome.co.uk");
        await agent.GetByTestId("signin-password").FillAsync("seagulls steal chips daily");
        await agent.GetByTestId("signin-password-submit").ClickAsync();
        await BrowserHost.ArrivedAsync(agent, "**/inbox");
        await Assertions.Expect(agent.GetByTestId("signed-in-as")).ToContainTextAsync("Jo");
        await Assertions.Expect(agent.GetByTestId("nav-inbox")).ToBeVisibleAsync();
        await Assertions.Expect(agent.GetByTestId("nav-staff")).ToHaveCountAsync(0);

        await agent.GetByTestId("signout").ClickAsync();
        await BrowserHost.ArrivedAsync(agent, "**/signin?signedOut=1");
        await Assertions.Expect(agent.GetByTestId("signed-out")).ToBeVisibleAsync();
        await agent.GotoAsync("/inbox");
        await BrowserHost.ArrivedAsync(agent, "**/signin**");

        Assert.True(adminErrors.Count == 0, "admin page console errors: " + string.Join(" | ", adminErrors));
        Assert.True(agentErrors.Count == 0, "agent page console errors: " + string.Join(" | ", agentErrors));
    }

    [Fact]
    public async Task AWrongPasswordSaysSoWithoutSigningIn()
    {
        var (page, errors) = await host.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByTestId("signin-email").FillAsync("nobody@harbourhome.co.uk");
        await page.GetByTestId("signin-password").FillAsync("not the right one at all");
        await page.GetByTestId("signin-password-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("signin-error")).ToContainTextAsync("That e-mail and password don't match");
        await Assertions.Expect(page.GetByTestId("signin-email")).ToHaveValueAsync("nobody@harbourhome.co.uk");
        await BrowserHost.AssertAccessibleAsync(page);
        Assert.True(errors.Count == 0, "console errors: " + string.Join(" | ", errors));
    }

    [Fact]
    public async Task ANewApiKeyIsShownOnceAndThenOnlyByItsPrefix()
    {
        var (page, errors) = await host.SignedInPageAsync("Morwenna");
        await page.GotoAsync("/admin/keys");
        await Assertions.Expect(page.GetByTestId("create-key-submit")).ToBeVisibleAsync();
        await page.GetByTestId("create-key-name").FillAsync("Shopify order sync");
        await page.GetByTestId("create-key-role").SelectOptionAsync("agent");
        await page.GetByTestId("create-key-submit").ClickAsync();
        var secret = page.GetByTestId("new-key-secret");
        await Assertions.Expect(secret).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^tdm_"));
        var value = await secret.InputValueAsync();
        await BrowserHost.AssertAccessibleAsync(page);

        await page.GetByTestId("new-key-done").ClickAsync();
        await Assertions.Expect(page.GetByTestId("new-key")).ToHaveCountAsync(0);
        await page.ReloadAsync();
        var row = page.Locator("[data-testid=key-row][data-name='Shopify order sync']");
        await Assertions.Expect(row).ToContainTextAsync(value[..8]);
        Assert.DoesNotContain(value, await page.ContentAsync(), StringComparison.Ordinal);

        await row.GetByTestId("key-revoke").ClickAsync();
        await row.GetByTestId("key-revoke-confirm").ClickAsync();
        await Assertions.Expect(page.GetByTestId("keys-status")).ToContainTextAsync("Revoked \"Shopify order sync\"");
        Assert.True(errors.Count == 0, "console errors: " + string.Join(" | ", errors));
    }
}
