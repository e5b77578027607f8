using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Platform.Web.Html;

/// <summary>How a server-rendered page may be kept by the browser.</summary>
public enum PageCache
{
    /// <summary>Personal or changing with every action (baskets, checkouts, bookings): never stored.</summary>
    NoStore,

    /// <summary>
    /// Public pages that still carry something personal (a basket count, a form token): kept privately and revalidated on
    /// every use with an ETag over the rendered HTML, so an unchanged page costs a 304 and no body.
    /// </summary>
    Revalidate,
}

/// <summary>
/// Renders a Razor component to HTML on the server (static rendering, no circuit) and writes it with the status and
/// caching the page asks for. Products' server-rendered UIs (storefront, customer site) answer with it from minimal-API
/// endpoints.
/// </summary>
/// <typeparam name="TComponent">The page component.</typeparam>
/// <param name="parameters">The component's parameters.</param>
/// <param name="statusCode">The response status (e.g. 422 for a form re-rendered with errors).</param>
/// <param name="cache">How the browser may keep the page.</param>
public sealed class HtmlPage<TComponent>(IReadOnlyDictionary<string, object?> parameters, int statusCode = StatusCodes.Status200OK, PageCache cache = PageCache.NoStore) : IResult
    where TComponent : IComponent
{
    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var html = await Pages.RenderHtmlAsync<TComponent>(httpContext, parameters);
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "text/html; charset=utf-8";
        if (cache == PageCache.Revalidate && statusCode == StatusCodes.Status200OK)
        {
            // The antiforgery request token differs on every render; the page is "the same" when everything else is, and
            // the cookie token it pairs with has not changed.
            var basis = PageForms.TokenOf(httpContext) is { } token
                ? html.Replace(token, "", StringComparison.Ordinal) + "|" + httpContext.Request.Cookies[PageForms.CookieName(httpContext) ?? ""]
                : html;
            var etag = "W/\"" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(basis)).AsSpan(0, 12)) + "\"";
            response.Headers.ETag = etag;
            response.Headers.CacheControl = "private, no-cache";
            response.Headers.Remove("Pragma");
            if (httpContext.Request.Headers.IfNoneMatch.ToString().Contains(etag, StringComparison.Ordinal))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                response.ContentType = null;
                return;
            }
        }
        else
        {
            response.Headers.CacheControl = "no-store";
        }

        await response.WriteAsync("<!doctype html>\n" + html, httpContext.RequestAborted);
    }
}

/// <summary>Shorthands for page endpoints.</summary>
public static class Pages
{
    /// <summary>Renders <typeparamref name="TComponent"/> with its <c>Model</c> parameter set to <paramref name="model"/>.</summary>
    public static HtmlPage<TComponent> Render<TComponent>(object model, int statusCode = StatusCodes.Status200OK, PageCache cache = PageCache.NoStore)
        where TComponent : IComponent =>
        new(new Dictionary<string, object?> { ["Model"] = model }, statusCode, cache);

    /// <summary>The component's HTML (without the doctype), rendered statically on the server.</summary>
    public static async Task<string> RenderHtmlAsync<TComponent>(HttpContext httpContext, IReadOnlyDictionary<string, object?> parameters)
        where TComponent : IComponent
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(parameters);
        await using var renderer = new HtmlRenderer(httpContext.RequestServices, httpContext.RequestServices.GetRequiredService<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters.ToDictionary(p => p.Key, p => p.Value)));
            return output.ToHtmlString();
        });
    }

    /// <summary>303 See Other: after a form post, the browser GETs the next page (no resubmission on reload).</summary>
    public static IResult SeeOther(string url) => new SeeOtherResult(url);

    private sealed class SeeOtherResult(string url) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = url;
            httpContext.Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }
    }
}

/// <summary>The antiforgery pair a page with a form renders (hidden field name and request token).</summary>
/// <param name="FieldName">Name of the hidden form field.</param>
/// <param name="Token">The request token for this render.</param>
public sealed record FormToken(string FieldName, string Token);

/// <summary>Antiforgery for server-rendered forms: issues the token a page renders and remembers it for the page's ETag.</summary>
public static class PageForms
{
    private const string TokenItem = "platform.html.antiforgery-token";

    /// <summary>Issues (and stores the cookie of) the antiforgery tokens for a page with a form.</summary>
    public static FormToken Issue(HttpContext http, IAntiforgery antiforgery)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(antiforgery);
        var tokens = antiforgery.GetAndStoreTokens(http);
        http.Items[TokenItem] = tokens.RequestToken;
        return new FormToken(tokens.FormFieldName, tokens.RequestToken!);
    }

    /// <summary>The request token rendered into this response's page, if any.</summary>
    public static string? TokenOf(HttpContext http) => http?.Items[TokenItem] as string;

    internal static string? CookieName(HttpContext http) =>
        http.RequestServices.GetService<IOptions<AntiforgeryOptions>>()?.Value.Cookie.Name;
}
