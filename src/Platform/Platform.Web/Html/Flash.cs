using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Platform.Web.Html;

/// <summary>A one-time message shown on the next page after a form post (post/redirect/get).</summary>
/// <param name="Success">True for confirmations (a polite status), false for problems (an alert).</param>
/// <param name="Text">The message.</param>
/// <param name="LinkText">Optional follow-up link text.</param>
/// <param name="LinkUrl">Optional follow-up link (a local path).</param>
public sealed record Flash(bool Success, string Text, string? LinkText = null, string? LinkUrl = null);

/// <summary>Carries a <see cref="Flash"/> to the next page this browser renders, in a short-lived cookie.</summary>
public static class FlashMessages
{
    /// <summary>Leaves <paramref name="flash"/> for the next page (cookie <paramref name="cookieName"/>, two minutes).</summary>
    public static void Set(HttpContext http, string cookieName, Flash flash)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Cookies.Append(cookieName, JsonSerializer.Serialize(flash), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            MaxAge = TimeSpan.FromMinutes(2),
            IsEssential = true,
        });
    }

    /// <summary>Takes the waiting message (and deletes its cookie); only local links survive.</summary>
    public static Flash? Take(HttpContext http, string cookieName)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Request.Cookies[cookieName] is not { Length: > 0 } value)
        {
            return null;
        }

        http.Response.Cookies.Delete(cookieName);
        try
        {
            var flash = JsonSerializer.Deserialize<Flash>(value);

            // Only local links: the cookie is the browser's own, but a link must never lead off-site.
            return flash is null ? null : flash with { LinkUrl = IsLocal(flash.LinkUrl) ? flash.LinkUrl : null };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>True for a path on this site ("/x"), false for anything that could leave it ("//host", "http:", "/\").</summary>
    public static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
