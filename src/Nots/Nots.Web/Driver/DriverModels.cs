using Nots.Bookings.Features.Site;
using Nots.Dispatch.Features;
using Nots.Fleet.Features.Drivers;
using Nots.Web.Site;

namespace Nots.Web.Driver;

/// <summary>The sign-in and set-password forms: what was typed (never the password), messages per field, where to go after.</summary>
public sealed record DriverFormModel(SiteChrome Chrome, IReadOnlyDictionary<string, string> Values, IReadOnlyDictionary<string, string> Errors, string? ReturnUrl)
{
    public string? ValueOf(string field) => Values.GetValueOrDefault(field);

    public string? ErrorOf(string field) => Errors.GetValueOrDefault(field);

    /// <summary>Problems that belong to the form as a whole (key "").</summary>
    public string? FormError => Errors.GetValueOrDefault("");
}

/// <summary>The driver's home: duty, offers waiting for an answer, today's and later jobs.</summary>
public sealed record DriverHomeModel(
    SiteChrome Chrome,
    DriverProfile Driver,
    IReadOnlyList<JobView> Offers,
    IReadOnlyList<JobView> Today,
    IReadOnlyList<JobView> Upcoming,
    DateTimeOffset Now);

/// <summary>One job: details, the next status buttons, call and navigate links.</summary>
public sealed record DriverJobModel(SiteChrome Chrome, JobView Job, DriverBriefing? Briefing, DateTimeOffset Now);

/// <summary>The full-screen name board for meet &amp; greet.</summary>
public sealed record NameBoardModel(SiteChrome Chrome, JobView Job);

/// <summary>The driver's licensing documents and the upload form.</summary>
public sealed record DriverDocumentsModel(
    SiteChrome Chrome,
    DriverProfile Driver,
    IReadOnlyList<DriverDocument> Documents,
    IReadOnlyDictionary<string, string> Values,
    IReadOnlyDictionary<string, string> Errors)
{
    public string? ValueOf(string field) => Values.GetValueOrDefault(field);

    public string? ErrorOf(string field) => Errors.GetValueOrDefault(field);
}
