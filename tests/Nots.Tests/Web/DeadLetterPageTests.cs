using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Nots.Contracts.Fleet;
using Nots.Reporting.Data;
using Nots.Tests.Dispatch;
using Platform.Messaging;

namespace Nots.Tests.Web;

/// <summary>
/// A consumer that fails every attempt (one attempt allowed) leaves a dead letter; an admin sees it on
/// <c>/admin/dead-letters</c> with its payload and error, fixes the cause and replays it from the page: the consumer
/// runs it once more and the list is empty again.
/// </summary>
public sealed class DeadLetterPageTests : IAsyncLifetime
{
    private readonly Outage _outage = new();
    private DispatchTestHost _host = null!;

    public async Task InitializeAsync() => _host = await DispatchTestHost.StartAsync(
        services =>
        {
            services.AddSingleton(_outage);
            services.AddIntegrationEventHandler<DriverOnboardedIntegrationEvent, WelcomePackSender, ReportingDbContext>();
        },
        new KeyValuePair<string, string?>("Messaging:MaxAttempts", "1"));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_admin_sees_a_dead_letter_and_replays_it_once_the_cause_is_fixed()
    {
        var admin = await _host.StaffAsync("admin");
        var browser = new AdminBrowser(_host.NewBrowserClient());
        (await browser.SignInAsync(admin.Email, DispatchTestHost.Password)).ShouldContain("Today at a glance");
        var driver = await _host.DriverAsync("Dora Deadletter");

        var page = await PollAsync(browser, html => html.Contains("Dora Deadletter", StringComparison.Ordinal));
        page.ShouldContain("nots.driver-onboarded.v1");
        page.ShouldContain("welcome pack printer is offline");
        var id = System.Text.RegularExpressions.Regex.Match(page, "data-dead-letter-id=\"([0-9a-f-]{36})\"").Groups[1].Value;
        (await browser.PageAsync("/admin")).ShouldContain("href=\"/admin/dead-letters\"");

        _outage.Over = true;
        var replay = await browser.PostAsync($"/admin/dead-letters/{id}/replay", "/admin/dead-letters");
        replay.Status.ShouldBe(HttpStatusCode.SeeOther);
        (await browser.PageAsync(replay.Location!)).ShouldContain("Replayed");

        await PollAsync(browser, html => html.Contains("No dead letters", StringComparison.Ordinal));
        // The replay makes the delivery pending again at once (so the page is empty before the consumer has run): wait for the run.
        for (var i = 0; i < 200 && _outage.Handled.IsEmpty; i++)
        {
            await Task.Delay(50);
        }

        _outage.Handled.ToArray().ShouldBe([driver.DriverId]);
        var again = await browser.PostAsync($"/admin/dead-letters/{id}/replay", "/admin/dead-letters");
        (await browser.PageAsync(again.Location!)).ShouldContain("no longer dead");
    }

    private static async Task<string> PollAsync(AdminBrowser browser, Func<string, bool> done)
    {
        var html = "";
        for (var i = 0; i < 200; i++)
        {
            html = await browser.PageAsync("/admin/dead-letters");
            if (done(html))
            {
                return html;
            }

            await Task.Delay(100);
        }

        throw new ShouldAssertException("The dead-letter page never showed what was expected:\n" + html);
    }

    internal sealed class Outage
    {
        public volatile bool Over;

        public System.Collections.Concurrent.ConcurrentBag<Guid> Handled { get; } = [];
    }

    internal sealed class WelcomePackSender(Outage outage) : IIntegrationEventHandler<DriverOnboardedIntegrationEvent>
    {
        public Task HandleAsync(DriverOnboardedIntegrationEvent integrationEvent, MessageContext context, CancellationToken cancellationToken)
        {
            if (!outage.Over)
            {
                throw new InvalidOperationException("The welcome pack printer is offline.");
            }

            outage.Handled.Add(integrationEvent.DriverId);
            return Task.CompletedTask;
        }
    }
}
