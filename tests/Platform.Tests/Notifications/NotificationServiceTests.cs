using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Notifications;
using Platform.Notifications.Data;
using Platform.Persistence;
using Platform.Testing;

namespace Platform.Tests.Notifications;

/// <summary>The delivery log, retries and resends on the suite's database provider.</summary>
public sealed class NotificationServiceTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private readonly FlakyEmailSender _email = new();
    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;
    private string _pickup = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("Nots");
        _pickup = Path.Combine(_database.ScratchDirectory, "mail-" + Guid.NewGuid().ToString("N"));
        _services = Build(_email);
        await _services.MigrateDatabasesAsync();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        if (Directory.Exists(_pickup))
        {
            Directory.Delete(_pickup, recursive: true);
        }

        await _database.DisposeAsync();
    }

    private ServiceProvider Build(IEmailSender? email, params KeyValuePair<string, string?>[] settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        if (email is not null)
        {
            services.AddSingleton(email);
        }

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(_database.AsConfiguration())
            .AddInMemoryCollection([
                new("Email:From", "NOTS <bookings@example.test>"),
                new("Email:PickupDirectory", _pickup),
                new("Notifications:MaxAttempts", "3"),
                .. settings,
            ])
            .Build();
        services.AddPlatformNotifications(configuration, "Nots");
        services.AddEmailTemplate(new EmailTemplate(
            "booking.confirmed",
            "Booking {{Reference}} confirmed",
            "<p>Hello {{Name}},</p><p>Your booking {{Reference}} is confirmed.</p>",
            "Hello {{Name}},\nYour booking {{Reference}} is confirmed."));
        services.AddSmsTemplate(new SmsTemplate("booking.driver-assigned", "{{Driver}} will pick you up for {{Reference}}."));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    private async Task<T> WithServiceAsync<T>(Func<INotificationService, Task<T>> action)
    {
        await using var scope = _services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<INotificationService>());
    }

    private static string Reference() => "NOTS-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    [Fact]
    public async Task SendEmailAsync_RendersTheTemplateInTheLayout_EncodesValues_AndLogsTheDelivery()
    {
        var reference = Reference();

        var result = await WithServiceAsync(s => s.SendEmailAsync("booking.confirmed", "ann@example.test",
            new { Name = "Ann <script>x</script>", Reference = reference }, reference,
            [new EmailAttachment("receipt.pdf", "application/pdf", [1, 2, 3])]));

        result.Status.ShouldBe(DeliveryStatus.Sent);
        var sent = _email.Sent.ShouldHaveSingleItem();
        sent.To.ShouldBe(["ann@example.test"]);
        sent.Subject.ShouldBe($"Booking {reference} confirmed");
        sent.HtmlBody.ShouldNotBeNull();
        sent.HtmlBody.ShouldContain("Ann &lt;script&gt;x&lt;/script&gt;");
        sent.HtmlBody.ShouldNotContain("<script>");
        sent.HtmlBody.ShouldContain("<!DOCTYPE html>");
        sent.TextBody.ShouldBe($"Hello Ann <script>x</script>,\nYour booking {reference} is confirmed.");
        sent.Attachments.ShouldHaveSingleItem().Content.ShouldBe([(byte)1, (byte)2, (byte)3]);
        sent.Headers["Message-ID"].ShouldBe($"<{result.DeliveryId:N}@example.test>");

        var log = await WithServiceAsync(s => s.ListAsync(new DeliveryQuery(Reference: reference)));
        var row = log.Items.ShouldHaveSingleItem();
        row.Id.ShouldBe(result.DeliveryId);
        row.Channel.ShouldBe(DeliveryChannel.Email);
        row.Status.ShouldBe(DeliveryStatus.Sent);
        row.Attempts.ShouldBe(1);
        row.TemplateKey.ShouldBe("booking.confirmed");
        row.SentAt.ShouldBe(_time.GetUtcNow());
    }

    [Fact]
    public async Task SendEmailAsync_WithTheDefaultSender_WritesAnEmlToThePickupFolder()
    {
        await using var services = Build(email: null);
        await using var scope = services.CreateAsyncScope();
        var notifications = scope.ServiceProvider.GetRequiredService<INotificationService>();

        var result = await notifications.SendEmailAsync("booking.confirmed", "ann@example.test", new { Name = "Ann", Reference = "NOTS-EML" }, "NOTS-EML");

        result.Status.ShouldBe(DeliveryStatus.Sent);
        var mail = MimePart.Parse(await File.ReadAllTextAsync(Directory.GetFiles(_pickup, "*.eml").ShouldHaveSingleItem()));
        mail.Header("Subject").ShouldBe("Booking NOTS-EML confirmed");
        mail.Header("To").ShouldContain("ann@example.test");
    }

    [Fact]
    public async Task SendSmsAsync_WritesTheSmsLog_WithSegments()
    {
        var reference = Reference();
        var driver = "Renée " + new string('x', 70);

        var result = await WithServiceAsync(s => s.SendSmsAsync("booking.driver-assigned", "+447700900123", new { Driver = driver, Reference = reference }, reference));

        result.Status.ShouldBe(DeliveryStatus.Sent);
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        var sms = await db.SmsMessages.Where(m => m.Body.Contains(reference)).ToListAsync();
        var row = sms.ShouldHaveSingleItem();
        row.Recipient.ShouldBe("+447700900123");
        row.Body.ShouldBe($"{driver} will pick you up for {reference}.");
        row.Encoding.ShouldBe("gsm7");
        row.Segments.ShouldBe(1);
        row.CreatedAt.ShouldBe(_time.GetUtcNow());
    }

    [Fact]
    public async Task SendSmsTextAsync_ALongUnicodeText_CountsUcs2Segments()
    {
        var text = "🚕 " + new string('a', 100);

        await WithServiceAsync(s => s.SendSmsTextAsync("+447700900999", text, Reference()));

        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        var row = await db.SmsMessages.SingleAsync(m => m.Recipient == "+447700900999");
        row.Encoding.ShouldBe("ucs2");
        row.Segments.ShouldBe(2);
    }

    [Fact]
    public async Task SendSmsAsync_ToANumberThatIsNotE164_Throws()
    {
        await Should.ThrowAsync<ArgumentException>(() => WithServiceAsync(s => s.SendSmsTextAsync("07700 900123", "hi", null)));
    }

    [Fact]
    public async Task AFailedDelivery_IsRetriedByTheWorker_AfterItsBackoff_AndEndsSent()
    {
        _email.FailuresLeft = 1;
        var reference = Reference();

        var first = await WithServiceAsync(s => s.SendEmailAsync("booking.confirmed", "bob@example.test", new { Name = "Bob", Reference = reference }, reference));

        first.Status.ShouldBe(DeliveryStatus.Failed);
        first.Error.ShouldNotBeNull();
        first.Error.ShouldContain("relay down");
        var failed = await WithServiceAsync(s => s.ListAsync(new DeliveryQuery(Status: DeliveryStatus.Failed, Reference: reference)));
        failed.Items.ShouldHaveSingleItem().NextAttemptAt.ShouldBe(_time.GetUtcNow().AddSeconds(30));

        // Not yet due: nothing is retried.
        (await WithServiceAsync(s => s.RetryDueAsync())).ShouldBe(0);

        // Due: the real worker picks it up.
        _time.Advance(TimeSpan.FromSeconds(31));
        var worker = _services.GetServices<IHostedService>().OfType<BackgroundService>().Single();
        await worker.StartAsync(CancellationToken.None);
        try
        {
            var view = await WaitForAsync(first.DeliveryId, v => v.Status == DeliveryStatus.Sent);
            view.Attempts.ShouldBe(2);
            view.LastError.ShouldBeNull();
            view.NextAttemptAt.ShouldBeNull();
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }

        _email.Sent.Count.ShouldBe(1);
        _email.Sent[0].Headers["Message-ID"].ShouldBe($"<{first.DeliveryId:N}@example.test>");
    }

    [Fact]
    public async Task ADeliveryThatKeepsFailing_StopsAfterMaxAttempts_AndStaysFailedForAnAdmin()
    {
        _email.FailuresLeft = 100;
        var reference = Reference();
        var result = await WithServiceAsync(s => s.SendEmailAsync("booking.confirmed", "eve@example.test", new { Name = "Eve", Reference = reference }, reference));

        for (var i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromHours(2));
            await WithServiceAsync(s => s.RetryDueAsync());
        }

        var view = await WithServiceAsync(s => s.GetAsync(result.DeliveryId));
        view.ShouldNotBeNull();
        view.Status.ShouldBe(DeliveryStatus.Failed);
        view.Attempts.ShouldBe(3);
        view.NextAttemptAt.ShouldBeNull();
        (await WithServiceAsync(s => s.ListAsync(new DeliveryQuery(Status: DeliveryStatus.Failed)))).Items.Select(i => i.Id).ShouldContain(result.DeliveryId);
    }

    [Fact]
    public async Task RetryDueAsync_OnSeveralNodesAtOnce_SendsEachDeliveryOnce()
    {
        _email.FailuresLeft = 1;
        var reference = Reference();
        await WithServiceAsync(s => s.SendEmailAsync("booking.confirmed", "sam@example.test", new { Name = "Sam", Reference = reference }, reference));
        _time.Advance(TimeSpan.FromMinutes(1));

        var tried = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => WithServiceAsync(s => s.RetryDueAsync()))));

        tried.Sum().ShouldBe(1);
        _email.Sent.Count.ShouldBe(1);
    }

    [Fact]
    public async Task ResendAsync_CreatesANewDeliveryWithTheSameContent()
    {
        var reference = Reference();
        var original = await WithServiceAsync(s => s.SendEmailAsync("booking.confirmed", "ann@example.test", new { Name = "Ann", Reference = reference }, reference,
            [new EmailAttachment("receipt.pdf", "application/pdf", [9, 9])]));
        _time.Advance(TimeSpan.FromMinutes(5));

        var resent = await WithServiceAsync(s => s.ResendAsync(original.DeliveryId));

        resent.ShouldNotBeNull();
        resent.DeliveryId.ShouldNotBe(original.DeliveryId);
        resent.Status.ShouldBe(DeliveryStatus.Sent);
        _email.Sent.Count.ShouldBe(2);
        _email.Sent[1].Subject.ShouldBe(_email.Sent[0].Subject);
        _email.Sent[1].HtmlBody.ShouldBe(_email.Sent[0].HtmlBody);
        _email.Sent[1].Attachments.ShouldHaveSingleItem().Content.ShouldBe([(byte)9, (byte)9]);
        _email.Sent[1].Headers["Message-ID"].ShouldNotBe(_email.Sent[0].Headers["Message-ID"]);

        var log = await WithServiceAsync(s => s.ListAsync(new DeliveryQuery(Reference: reference)));
        log.Items.Count.ShouldBe(2);
        log.Items[0].Id.ShouldBe(resent.DeliveryId);
        log.Items[0].ResendOf.ShouldBe(original.DeliveryId);
        (await WithServiceAsync(s => s.ResendAsync(Guid.NewGuid()))).ShouldBeNull();
    }

    [Fact]
    public async Task ListAsync_PagesNewestFirst_WithACursor()
    {
        var reference = Reference();
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await WithServiceAsync(s => s.SendSmsTextAsync("+447700900123", $"message {i}", reference))).DeliveryId);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var first = await WithServiceAsync(s => s.ListAsync(new DeliveryQuery(Reference: reference, Limit: 2)));
        var second = await WithServiceAsync(s => s.ListAsync(new DeliveryQuery(Reference: reference, Limit: 2, Cursor: first.NextCursor)));
        var third = await WithServiceAsync(s => s.ListAsync(new DeliveryQuery(Reference: reference, Limit: 2, Cursor: second.NextCursor)));

        first.Items.Select(i => i.Id).ShouldBe([ids[4], ids[3]]);
        second.Items.Select(i => i.Id).ShouldBe([ids[2], ids[1]]);
        third.Items.Select(i => i.Id).ShouldBe([ids[0]]);
        third.NextCursor.ShouldBeNull();
    }

    private async Task<DeliveryView> WaitForAsync(Guid id, Func<DeliveryView, bool> condition)
    {
        // Waits for the background worker; the bound only keeps a broken worker from hanging the suite.
        for (var i = 0; i < 200; i++)
        {
            var view = await WithServiceAsync(s => s.GetAsync(id));
            if (view is not null && condition(view))
            {
                return view;
            }

            await Task.Delay(50);
        }

        throw new ShouldAssertException($"Delivery {id} did not reach the expected state.");
    }

    /// <summary>An email sender that fails a given number of times, then records what it sends.</summary>
    private sealed class FlakyEmailSender : IEmailSender
    {
        private int _failuresLeft;

        public int FailuresLeft
        {
            get => Volatile.Read(ref _failuresLeft);
            set => Volatile.Write(ref _failuresLeft, value);
        }

        public List<EmailMessage> Sent { get; } = [];

        public Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Decrement(ref _failuresLeft) >= 0)
            {
                throw new System.Net.Mail.SmtpException("relay down");
            }

            lock (Sent)
            {
                Sent.Add(message);
            }

            return Task.CompletedTask;
        }
    }
}
