namespace Nots.Web;

/// <summary>The landing page until the customer website lands (issue: NOTS UI).</summary>
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
          <title>NOTS — airport and port transfers</title>
          <meta name="description" content="Book airport, cruise port and station transfers in Dorset and the South of England.">
        </head>
        <body>
          <main>
            <h1>NOTS airport &amp; port transfers</h1>
            <p>Instant quotes, online booking and payment, and dispatch for our drivers.</p>
            <ul>
              <li><a href="/docs">API documentation</a></li>
              <li><a href="/health/ready">Service health</a></li>
            </ul>
          </main>
        </body>
        </html>
        """;
}
