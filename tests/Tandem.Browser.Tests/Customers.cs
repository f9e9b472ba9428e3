using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tandem.Browser.Tests;

/// <summary>A customer of the reference firm talking to Tandem through the public API, as the widget does.</summary>
public sealed class Customer(BrowserHost host, Guid id, string token) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(host.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };

    public Guid Id { get; } = id;

    public static async Task<Customer> StartAsync(BrowserHost host)
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        var response = await anonymous.PostAsJsonAsync("/api/v1/conversations", new { firm = "harbour-home" });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new Customer(host, body.GetProperty("id").GetGuid(), body.GetProperty("accessToken").GetString()!);
    }

    /// <summary>Writes a message and waits for the assistant's decision on it (send, review or handoff).</summary>
    public async Task<JsonElement> SayAsync(string text)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/conversations/{Id}/messages")
        {
            Content = JsonContent.Create(new { text, clientMessageId = Guid.NewGuid().ToString() }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var messageId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var staff = Staff();
        for (var i = 0; i < 600; i++)
        {
            var turns = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/conversations/{Id}/turns");
            var turn = turns.EnumerateArray().FirstOrDefault(t => t.GetProperty("messageId").GetGuid() == messageId);
            if (turn.ValueKind == JsonValueKind.Object && turn.GetProperty("decision").ValueKind == JsonValueKind.String)
            {
                return turn;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"No decision on '{text}' within a minute.");
    }

    /// <summary>Checks who they are in the chat with their e-mail address and an order number, as the widget's form does.</summary>
    public async Task VerifyAsync(string email, string orderNumber)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/conversations/{Id}/verify")
        {
            Content = JsonContent.Create(new { email, orderNumber }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("verified").GetBoolean());
    }

    /// <summary>What the customer sees: author and text of each message.</summary>
    public async Task<List<(string Author, string Text)>> MessagesAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/conversations/{Id}/messages");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var list = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. list.EnumerateArray().Select(m => (m.GetProperty("author").GetString()!, m.GetProperty("text").GetString()!))];
    }

    /// <summary>The admin key over HTTP: for what a test sets up or checks behind the page.</summary>
    public HttpClient Staff()
    {
        var client = new HttpClient { BaseAddress = new Uri(host.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BrowserHost.AdminKey);
        return client;
    }

    public void Dispose() => _http.Dispose();
}
