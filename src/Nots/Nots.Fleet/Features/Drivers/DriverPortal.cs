using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Nots.Fleet.Compliance;
using Nots.Fleet.Data;
using Nots.Fleet.Domain;
using Nots.Fleet.Features.Compliance;
using Platform.Storage;

namespace Nots.Fleet.Features.Drivers;

/// <summary>The signed-in driver as the driver app shows them.</summary>
public sealed record DriverProfile(Guid Id, string Name, string FirstName, string Phone, string Status, bool OnDuty, bool Compliant, IReadOnlyList<string> ComplianceIssues);

/// <summary>One of the driver's (or their vehicles') licensing documents, with how long it still counts.</summary>
public sealed record DriverDocument(
    Guid Id,
    string OwnerType,
    string DocumentType,
    DateOnly? IssuedOn,
    DateOnly ExpiresOn,
    DateOnly EffectiveExpiresOn,
    bool Expired,
    int DaysToExpiry,
    string Status,
    string? FileName,
    DateTimeOffset UploadedAt,
    string? RejectionReason);

/// <summary>An upload's outcome: the stored document, or messages per form field (<c>""</c> for the form as a whole) and the HTTP status the API would answer.</summary>
public sealed record DriverUploadResult(DriverDocument? Document, IReadOnlyDictionary<string, string> Errors, int StatusCode);

/// <summary>
/// The fleet's surface for the host's driver app (<c>/driver</c>): the signed-in driver's record and duty switch
/// (<c>GET/PATCH /v1/drivers/me</c>), their documents (<c>GET /v1/compliance</c> as a driver) and the upload of their own
/// documents (<c>POST /v1/compliance</c>: same checks — PDF/JPEG/PNG by content, at most <see cref="MaxUploadBytes"/>).
/// </summary>
public interface IDriverPortal
{
    /// <summary>Largest document file accepted (the page endpoint's body limit adds room for the other fields).</summary>
    const long MaxUploadBytes = FleetOptions.MaxDocumentBytes;

    /// <summary>The document types a driver holds personally.</summary>
    static IReadOnlyList<string> DriverDocumentTypes => DocumentTypes.Driver;

    /// <summary>The signed-in driver, or null when the account has no driver record.</summary>
    Task<DriverProfile?> MeAsync(HttpContext http);

    /// <summary>On or off duty (only active drivers go on duty: a <c>DomainException</c> otherwise).</summary>
    Task<DriverProfile> SetDutyAsync(bool onDuty, HttpContext http);

    /// <summary>The driver's documents and their vehicles', soonest to stop counting first.</summary>
    Task<IReadOnlyList<DriverDocument>> MyDocumentsAsync(HttpContext http);

    /// <summary>Uploads a document of the driver's own from the posted multipart form (<c>documentType</c>, <c>issuedOn</c>, <c>expiresOn</c>, <c>file</c>).</summary>
    Task<DriverUploadResult> UploadAsync(HttpContext http);
}

internal sealed class DriverPortal(
    IAuthorizationService authorization,
    FleetDbContext db,
    ComplianceReader compliance,
    IDocumentStore store,
    TimeProvider time,
    ILoggerFactory loggers) : IDriverPortal
{
    public async Task<DriverProfile?> MeAsync(HttpContext http)
    {
        var caller = await FleetCaller.FromAsync(http, authorization);
        var driver = await caller.OwnDriverAsync(db, http.RequestAborted);
        return driver is null ? null : ToProfile(await DriverViews.ToResponseAsync(db, compliance, driver, http.RequestAborted));
    }

    public async Task<DriverProfile> SetDutyAsync(bool onDuty, HttpContext http)
    {
        var caller = await FleetCaller.FromAsync(http, authorization);
        return ToProfile(await MyDriver.ApplyDutyAsync(caller, onDuty, db, compliance, time, http.RequestAborted));
    }

    public async Task<IReadOnlyList<DriverDocument>> MyDocumentsAsync(HttpContext http)
    {
        var caller = await FleetCaller.FromAsync(http, authorization);
        if (caller.IsAdmin || await ListDocuments.VisibleToAsync(caller, db, http.RequestAborted) is not { } query)
        {
            // The app shows a driver's own documents; admins use the dashboard.
            return [];
        }

        var today = FleetClock.Today(time);
        var rows = await query.Where(d => d.Status != DocumentStatus.Superseded)
            .OrderBy(d => d.EffectiveExpiresOn).ThenBy(d => d.FileKey).Take(100).ToListAsync(http.RequestAborted);
        return rows.Select(d => ToDocument(Views.ToResponse(d, today))).ToList();
    }

    public async Task<DriverUploadResult> UploadAsync(HttpContext http)
    {
        var caller = await FleetCaller.FromAsync(http, authorization);
        var driver = await caller.OwnDriverAsync(db, http.RequestAborted) ?? throw MyDriver.NoRecord();
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var result = await UploadDocument.UploadAsync(form, (OwnerTypes.Driver, driver.Id), caller, http, db, store, time, loggers, http.RequestAborted);
        return result.Result switch
        {
            Created<DocumentResponse> created => new DriverUploadResult(ToDocument(created.Value!), new Dictionary<string, string>(), StatusCodes.Status201Created),
            ValidationProblem problem => new DriverUploadResult(null,
                problem.ProblemDetails.Errors.ToDictionary(e => e.Key, e => string.Join(" ", e.Value), StringComparer.Ordinal), StatusCodes.Status422UnprocessableEntity),
            ProblemHttpResult problem => new DriverUploadResult(null,
                new Dictionary<string, string> { ["file"] = problem.ProblemDetails.Detail ?? problem.ProblemDetails.Title ?? "The file was refused." },
                problem.StatusCode),
            _ => throw new InvalidOperationException("UploadDocument answered with an unexpected result."),
        };
    }

    private static DriverProfile ToProfile(DriverResponse d) =>
        new(d.Id, d.Name, d.FirstName, d.Phone, d.Status, d.OnDuty, d.Compliant, d.ComplianceIssues);

    private static DriverDocument ToDocument(DocumentResponse d) =>
        new(d.Id, d.OwnerType, d.DocumentType, d.IssuedOn, d.ExpiresOn, d.EffectiveExpiresOn, d.Expired, d.DaysToExpiry, d.Status, d.FileName, d.UploadedAt,
            d.RejectionReason);
}
