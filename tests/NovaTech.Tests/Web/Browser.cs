using System.Net;
using System.Text.RegularExpressions;

namespace NovaTech.Tests.Web;

/// <summary>
/// One shopper's browser over the real host: a cookie jar, HTML pages, forms posted with the antiforgery token of a page
/// the shopper just loaded, redirects followed by hand so each 303 can be checked.
/// </summary>
internal sealed partial class Browser
{
    private readonly HttpClient _client;

    public Browser(ShopHost shop)
    {
        _client = shop.NewBrowserClient();
        _client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
    }

    public HttpClient Client => _client;

    public async Task<(HttpStatusCode Status, string Html, string? Location)> GetAsync(string path)
    {
        using var response = await _client.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.OriginalString);
    }

    /// <summary>A GET as a script or download would send it (not asking for HTML), with this browser's cookies.</summary>
    public async Task<HttpResponseMessage> ApiGetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Clear();
        request.Headers.Accept.ParseAdd("application/json, application/pdf");
        return await _client.SendAsync(request);
    }

    /// <summary>GETs a page that must answer 200 and returns its HTML.</summary>
    public async Task<string> PageAsync(string path)
    {
        var (status, html, location) = await GetAsync(path);
        status.ShouldBe(HttpStatusCode.OK, $"{path} → {location} {html[..Math.Min(html.Length, 400)]}");
        return html;
    }

    /// <summary>Loads <paramref name="formPage"/> (for its antiforgery token, as a browser would) and posts the form to <paramref name="action"/>.</summary>
    public async Task<(HttpStatusCode Status, string Html, string? Location)> PostAsync(string action, string formPage, params (string Name, string? Value)[] fields)
    {
        var page = await PageAsync(formPage);
        var token = Token(page);
        return await PostRawAsync(action, [("__RequestVerificationToken", token), .. fields]);
    }

    public async Task<(HttpStatusCode Status, string Html, string? Location)> PostRawAsync(string action, params (string Name, string? Value)[] fields)
    {
        using var content = new FormUrlEncodedContent(fields.Where(f => f.Value is not null).Select(f => new KeyValuePair<string, string>(f.Name, f.Value!)));
        using var response = await _client.PostAsync(action, content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.OriginalString);
    }

    /// <summary>Posts and expects 303 See Other to <paramref name="expectedLocation"/> (a prefix); returns the next page's HTML.</summary>
    public async Task<string> PostAndFollowAsync(string action, string formPage, string expectedLocation, params (string Name, string? Value)[] fields)
    {
        var (status, html, location) = await PostAsync(action, formPage, fields);
        status.ShouldBe(HttpStatusCode.SeeOther, html[..Math.Min(html.Length, 2000)]);
        location.ShouldNotBeNull().ShouldStartWith(expectedLocation);
        return location.StartsWith('/') && !location.StartsWith("/sandbox", StringComparison.Ordinal) ? await PageAsync(location) : "";
    }

    public async Task<string> RegisterAsync(string email, string password = Passwords.Customer, string name = "Ada Account")
    {
        var html = await PostAndFollowAsync("/account/register", "/account/register", "/account", ("name", name), ("email", email), ("password", password));
        html.ShouldContain(email);
        return html;
    }

    public Task<string> SignInAsync(string email, string password = Passwords.Customer) =>
        PostAndFollowAsync("/account/sign-in", "/account/sign-in", "/account", ("email", email), ("password", password));

    public Task<string> SignOutAsync() => PostAndFollowAsync("/account/sign-out", "/account", "/");

    public static string Token(string html) =>
        AntiforgeryField().Match(html) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new ShouldAssertException("The page has no antiforgery field.");

    public static string TestId(string html, string testId) =>
        Regex.Match(html, $"data-testid=\"{testId}\"[^>]*>([^<]*)<") is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value).Trim() : throw new ShouldAssertException($"No {testId} on the page.");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}

internal static class Passwords
{
    public const string Customer = "correct horse battery staple";
}
