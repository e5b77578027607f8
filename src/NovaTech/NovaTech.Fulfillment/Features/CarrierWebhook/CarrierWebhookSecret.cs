using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NovaTech.Fulfillment.Data;

namespace NovaTech.Fulfillment.Features.CarrierWebhook;

/// <summary>
/// The secret carriers sign webhooks with: <c>Fulfillment:CarrierWebhookSecret</c>, or else one generated once per
/// database and stored in <c>fulfillment.settings</c>, shared by every node (as Platform.Payments does for its Sandbox).
/// </summary>
internal sealed class CarrierWebhookSecret(IConfiguration configuration, IServiceScopeFactory scopes, TimeProvider time)
{
    public const string ConfigurationKey = "Fulfillment:CarrierWebhookSecret";
    private const string SettingKey = "carrier_webhook_secret";
    private string? _cached;

    public async Task<string> GetAsync(CancellationToken cancellationToken = default)
    {
        if (configuration[ConfigurationKey] is { Length: > 0 } configured)
        {
            return configured;
        }

        if (_cached is { } cached)
        {
            return cached;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FulfillmentDbContext>();
        var existing = await db.Settings.AsNoTracking().FirstOrDefaultAsync(s => s.Key == SettingKey, cancellationToken);
        if (existing is null)
        {
            db.Settings.Add(new FulfillmentSetting
            {
                Key = SettingKey,
                Value = "cwh_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
                CreatedAt = time.GetUtcNow(),
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another node generated it first: its secret wins (primary key).
            }

            db.ChangeTracker.Clear();
            existing = await db.Settings.AsNoTracking().FirstAsync(s => s.Key == SettingKey, cancellationToken);
        }

        return _cached = existing.Value;
    }
}
