using System.Net;
using System.Text.RegularExpressions;

namespace Nots.Tests.Web;

/// <summary>One member of staff's browser on the dashboard: own cookies, forms posted with the token of the page just loaded, redirects by hand.</summary>
internal sealed partial class AdminBrowser
{
    public AdminBrowser(HttpClient client)
    {
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        Client = client;
    }

    public HttpClient Client { get; }

    public async Task<(HttpStatusCode Status, string Html, string? Location)> GetAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.OriginalString);
    }

    public async Task<string> PageAsync(string path)
    {
        var (status, html, location) = await GetAsync(path);
        status.ShouldBe(HttpStatusCode.OK, $"{path} → {location} {html[..Math.Min(html.Length, 600)]}");
        return html;
    }

    public async Task<(HttpStatusCode Status, string Html, string? Location)> PostAsync(string action, string formPage, params (string Name, string? Value)[] fields)
    {
        var token = Token(await PageAsync(formPage));
        using var content = new FormUrlEncodedContent(
            new[] { ("__RequestVerificationToken", (string?)token) }.Concat(fields).Where(f => f.Item2 is not null).Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2!)));
        using var response = await Client.PostAsync(action, content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.OriginalString);
    }

    /// <summary>Posts a form, expects 303 to <paramref name="expectedLocation"/>, and returns the page it leads to.</summary>
    public async Task<string> PostAndFollowAsync(string action, string formPage, string expectedLocation, params (string Name, string? Value)[] fields)
    {
        var (status, html, location) = await PostAsync(action, formPage, fields);
        status.ShouldBe(HttpStatusCode.SeeOther, html[..Math.Min(html.Length, 2000)]);
        location.ShouldNotBeNull().ShouldStartWith(expectedLocation);
        return await PageAsync(location);
    }

    /// <summary>Signs in on the staff sign-in page (hosts with <c>Identity:RequireStaffMfa=false</c>) and returns the glance page.</summary>
    public async Task<string> SignInAsync(string email, string password) =>
        await PostAndFollowAsync("/admin/sign-in", "/admin/sign-in", "/admin", ("email", email), ("password", password));

    public static string Token(string html) =>
        AntiforgeryField().Match(html) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new ShouldAssertException("The page has no antiforgery field.");

    public static string TestId(string html, string testId) =>
        Regex.Match(html, $"data-testid=\"{Regex.Escape(testId)}\"[^>]*>([^<]*)<") is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value).Trim()
            : throw new ShouldAssertException($"No {testId} on the page.");

    public static int Count(string html, string testId) => int.Parse(TestId(html, testId), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The one-time message on a page.</summary>
    public static string Flash(string html) =>
        Regex.Match(html, "data-testid=\"flash\">(.*?)</p>", RegexOptions.Singleline) is { Success: true } match
            ? WebUtility.HtmlDecode(Regex.Replace(match.Groups[1].Value, "<[^>]+>", "")).Trim()
            : throw new ShouldAssertException("No message on the page.");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
