using Microsoft.Playwright;

namespace EndToEnd.Tests;

/// <summary>Browser contexts for the journeys, with the waits CI needs.</summary>
internal static class JourneyContexts
{
    /// <summary>
    /// A new context whose waits allow for a CI box of 2 cores shared by Chromium, the host and PostgreSQL: a form post
    /// that books and redirects to the payment page has taken longer than Playwright's 30 s default there. A journey
    /// that is really stuck still fails, a minute later.
    /// </summary>
    public static async Task<IBrowserContext> NewJourneyContextAsync(this IBrowser browser, BrowserNewContextOptions options)
    {
        var context = await browser.NewContextAsync(options);
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(90_000);
        return context;
    }
}
