using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tandem.Server.Tests.Infrastructure;

namespace Tandem.Server.Tests.Access;

/// <summary>A browser-like client of the console: it keeps cookies and posts the sign-in forms with their antiforgery token.</summary>
internal static partial class ConsoleSession
{
    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public static async Task<string> AntiforgeryTokenAsync(HttpClient client)
    {
        var page = await client.GetStringAsync(new Uri("/signin", UriKind.Relative));
        var match = TokenPattern().Match(page);
        Assert.True(match.Success, "The sign-in page has no antiforgery token.");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>Posts the e-mail and password form as the sign-in page would; returns the redirect.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password)
    {
        var token = await AntiforgeryTokenAsync(client);
        return await client.PostAsync(new Uri("/account/password-signin", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email,
            ["password"] = password,
            ["returnUrl"] = "/inbox",
            ["__RequestVerificationToken"] = token,
        }));
    }

    public static async Task<Guid> AddStaffAsync(HttpClient admin, string email, string role, string password, string? firm = "harbour-home", string? name = null)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/staff", new { email, role, firm, displayName = name, password });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static async Task<string> CreateKeyAsync(HttpClient admin, string name, string role, string? firm = "harbour-home")
    {
        var response = await admin.PostAsJsonAsync("/api/v1/keys", new { name, role, firm });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
    }

    public static string Location(HttpResponseMessage response) => response.Headers.Location?.OriginalString ?? "";
}
