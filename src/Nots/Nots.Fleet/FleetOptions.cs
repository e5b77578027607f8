using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Nots.Fleet;

/// <summary>
/// <c>Fleet:*</c> settings: <c>PublicBaseUrl</c> (links in invitations; default the first of <c>Urls</c>),
/// <c>InvitationPath</c> (<c>/driver/set-password</c>), <c>ComplianceAlerts:Enabled</c> (true: the background loop runs),
/// <c>ComplianceAlerts:Interval</c> (01:00:00; the job is idempotent, so this is only how soon after midnight alerts go),
/// <c>ComplianceAlerts:AdminRoles</c> (<c>admin</c>, <c>owner</c>: who gets the admin copy).
/// </summary>
internal sealed class FleetOptions
{
    public const long MaxDocumentBytes = 10 * 1024 * 1024;

    public string? PublicBaseUrl { get; init; }

    public string FallbackBaseUrl { get; init; } = "http://localhost:5080";

    public string InvitationPath { get; init; } = "/driver/set-password";

    public bool AlertsEnabled { get; init; } = true;

    public TimeSpan AlertInterval { get; init; } = TimeSpan.FromHours(1);

    public IReadOnlyList<string> AdminRoles { get; init; } = ["admin", "owner"];

    public static FleetOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Fleet");
        var urls = configuration["Urls"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        var roles = section.GetSection("ComplianceAlerts:AdminRoles").GetChildren().Select(c => c.Value).OfType<string>().ToList();
        return new FleetOptions
        {
            PublicBaseUrl = section["PublicBaseUrl"] is { Length: > 0 } url ? url.TrimEnd('/') : null,
            FallbackBaseUrl = (urls ?? "http://localhost:5080").Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal).TrimEnd('/'),
            InvitationPath = section["InvitationPath"] is { Length: > 0 } path ? "/" + path.TrimStart('/') : "/driver/set-password",
            AlertsEnabled = !bool.TryParse(section["ComplianceAlerts:Enabled"], out var enabled) || enabled,
            AlertInterval = TimeSpan.TryParse(section["ComplianceAlerts:Interval"], CultureInfo.InvariantCulture, out var interval) && interval > TimeSpan.Zero
                ? interval
                : TimeSpan.FromHours(1),
            AdminRoles = roles.Count > 0 ? roles : ["admin", "owner"],
        };
    }
}
