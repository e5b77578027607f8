using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace NovaTech.Web.Storefront;

/// <summary>How a page may be kept by the browser.</summary>
internal enum PageCache
{
    /// <summary>Personal or changing with every action (cart, checkout, orders): never stored.</summary>
    NoStore,

    /// <summary>
    /// Catalogue pages: kept privately (the header shows the visitor's basket) and revalidated on every use with an ETag
    /// over the rendered HTML, so an unchanged page costs a 304 and no body.
    /// </summary>
    Revalidate,
}

/// <summary>
/// Renders a Razor component to HTML on the server (static rendering, no circuit) and writes it with the status and
/// caching the page asks for.
/// </summary>
internal sealed class HtmlPage<TComponent>(IReadOnlyDictionary<string, object?> parameters, int statusCode = StatusCodes.Status200OK, PageCache cache = PageCache.NoStore) : IResult
    where TComponent : IComponent
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var html = await RenderAsync(httpContext, parameters);
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "text/html; charset=utf-8";
        if (cache == PageCache.Revalidate && statusCode == StatusCodes.Status200OK)
        {
            // The antiforgery request token differs on every render; the page is "the same" when everything else is, and
            // the cookie token it pairs with has not changed.
            var basis = ShopContext.AntiforgeryTokenOf(httpContext) is { } token
                ? html.Replace(token, "", StringComparison.Ordinal) + "|" + httpContext.Request.Cookies[ShopContext.AntiforgeryCookie]
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

    public static async Task<string> RenderAsync(HttpContext httpContext, IReadOnlyDictionary<string, object?> parameters)
    {
        await using var renderer = new HtmlRenderer(httpContext.RequestServices, httpContext.RequestServices.GetRequiredService<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters.ToDictionary(p => p.Key, p => p.Value)));
            return output.ToHtmlString();
        });
    }
}

/// <summary>Shorthands for endpoints.</summary>
internal static class Pages
{
    public static HtmlPage<TComponent> Render<TComponent>(object model, int statusCode = StatusCodes.Status200OK, PageCache cache = PageCache.NoStore)
        where TComponent : IComponent =>
        new(new Dictionary<string, object?> { ["Model"] = model }, statusCode, cache);

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
