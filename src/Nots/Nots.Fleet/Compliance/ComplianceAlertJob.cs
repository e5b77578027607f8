using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nots.Fleet.Data;
using Nots.Fleet.Domain;
using Nots.Fleet.Features.Compliance;
using Nots.Fleet.Notifications;
using Platform.Identity;
using Platform.Notifications;

namespace Nots.Fleet.Compliance;

/// <summary>
/// Warns the driver(s) (e-mail and SMS) and the admins (e-mail) when a verified document is 30, 14 and 7 days from the end
/// of the day it stops counting, and on that day (or after, when a run was missed). Each (document, threshold) is claimed by
/// inserting its <see cref="ComplianceAlert"/> row in the same commit as the notification requests: the primary key makes
/// the claim, so runs on several nodes, or twice in a day, send each warning once. When runs are missed only the most
/// urgent warning due is sent (a document verified 10 days before expiry gets the 14-day one, not the 30-day one too).
/// </summary>
internal sealed class ComplianceAlertJob(FleetDbContext db, IAccounts accounts, FleetOptions options, TimeProvider time, ILogger<ComplianceAlertJob> logger)
{
    public static readonly IReadOnlyList<int> Thresholds = [30, 14, 7, 0];

    private static readonly CultureInfo British = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>Runs for today (Europe/London). Returns how many warnings this run claimed.</summary>
    public Task<int> RunAsync(CancellationToken cancellationToken) => RunForAsync(FleetClock.Today(time), cancellationToken);

    /// <summary>Runs as if the UK date were <paramref name="today"/> (tests and catch-up).</summary>
    public async Task<int> RunForAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var horizon = today.AddDays(Thresholds.Max());
        var due = await db.Documents.AsNoTracking()
            .Where(d => d.Status == DocumentStatus.Verified && d.EffectiveExpiresOn <= horizon)
            .OrderBy(d => d.EffectiveExpiresOn)
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        var ids = due.Select(d => d.Id).ToList();
        var sent = (await db.Alerts.AsNoTracking().Where(a => ids.Contains(a.DocumentId)).Select(a => new { a.DocumentId, a.ThresholdDays }).ToListAsync(cancellationToken))
            .Select(a => (a.DocumentId, a.ThresholdDays))
            .ToHashSet();
        IReadOnlyList<string>? admins = null;
        var claimed = 0;
        foreach (var document in due)
        {
            var daysLeft = document.EffectiveExpiresOn.DayNumber - today.DayNumber;
            var threshold = Thresholds.Where(t => daysLeft <= t).Min();
            if (sent.Contains((document.Id, threshold)))
            {
                continue;
            }

            admins ??= await accounts.ListEmailsInRolesAsync([.. options.AdminRoles], cancellationToken);
            if (await TryClaimAndRequestAsync(document, threshold, daysLeft, admins, cancellationToken))
            {
                claimed++;
            }
        }

        return claimed;
    }

    private async Task<bool> TryClaimAndRequestAsync(ComplianceDocument document, int threshold, int daysLeft, IReadOnlyList<string> admins, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var owner = await OwnerLabels.DescribeAsync(db, document.OwnerType, document.OwnerId, cancellationToken);
        var reference = $"compliance-{document.Id:N}-{threshold.ToString(CultureInfo.InvariantCulture)}";
        var when = daysLeft switch
        {
            > 1 => $"expires in {daysLeft} days",
            1 => "expires tomorrow",
            0 => "expires today",
            _ => "has expired",
        };
        var label = DocumentTypes.Label(document.DocumentType);
        var expiresOn = document.EffectiveExpiresOn.ToString("d MMMM yyyy", British);
        db.Alerts.Add(new ComplianceAlert(document.Id, threshold, time.GetUtcNow()));
        foreach (var driver in owner.Drivers)
        {
            var model = new { driver.FirstName, Document = label, Owner = owner.Label, When = when, ExpiresOn = expiresOn };
            db.RequestEmail(FleetTemplates.Expiring, driver.Email, model, reference);
            db.RequestSms(FleetTemplates.Expiring, driver.Phone, model, reference);
        }

        foreach (var admin in admins)
        {
            db.RequestEmail(FleetTemplates.ExpiringAdmin, admin, new
            {
                Document = label,
                Owner = owner.AdminLabel,
                OwnerType = document.OwnerType,
                When = when,
                ExpiresOn = expiresOn,
                DocumentId = document.Id.ToString(),
            }, reference);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another run (this node or another) claimed it first; anything else is a real failure.
            db.ChangeTracker.Clear();
            if (await db.Alerts.AnyAsync(a => a.DocumentId == document.Id && a.ThresholdDays == threshold, cancellationToken))
            {
                logger.LogDebug("Compliance alert {Reference} already claimed by another run", reference);
                return false;
            }

            throw;
        }
    }
}

/// <summary>Runs <see cref="ComplianceAlertJob"/> at start and every <c>Fleet:ComplianceAlerts:Interval</c>.</summary>
internal sealed class ComplianceAlertWorker(IServiceScopeFactory scopes, FleetOptions options, TimeProvider time, ILogger<ComplianceAlertWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var claimed = await scope.ServiceProvider.GetRequiredService<ComplianceAlertJob>().RunAsync(stoppingToken);
                if (claimed > 0)
                {
                    logger.LogInformation("Compliance job sent {Count} expiry warnings", claimed);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Compliance job failed; retrying at the next interval");
            }

            try
            {
                await Task.Delay(options.AlertInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
