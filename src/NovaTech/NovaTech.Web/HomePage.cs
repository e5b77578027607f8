namespace NovaTech.Web;

/// <summary>The landing page until the storefront lands (issue: NovaTech UI).</summary>
internal static class HomePage
{
    public static void MapHome(this WebApplication app) =>
        app.MapGet("/", () => TypedResults.Content(Html, "text/html; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();

    private const string Html = """
        <!doctype html>
        <html lang="en-GB">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>NovaTech — consumer electronics</title>
          <meta name="description" content="Phones, laptops, TVs, audio and cameras with fast UK delivery.">
        </head>
        <body>
          <main>
            <h1>NovaTech</h1>
            <p>Consumer electronics, delivered.</p>
            <ul>
              <li><a href="/docs">API documentation</a></li>
              <li><a href="/health/ready">Service health</a></li>
            </ul>
          </main>
        </body>
        </html>
        """;
}
