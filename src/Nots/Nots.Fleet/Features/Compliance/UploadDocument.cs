using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Nots.Contracts.Fleet;
using Nots.Fleet.Compliance;
using Nots.Fleet.Data;
using Nots.Fleet.Domain;
using Platform.Identity;
using Platform.Messaging;
using Platform.Storage;
using Platform.Web;

namespace Nots.Fleet.Features.Compliance;

/// <summary>
/// <c>POST /v1/compliance</c> (multipart: <c>ownerType</c>, <c>ownerId</c>, <c>documentType</c>, <c>issuedOn</c>,
/// <c>expiresOn</c>, <c>file</c>): admins for anyone, a driver for themselves and the vehicles assigned to them. The file
/// must be PDF, JPEG or PNG by its content (a renamed file is 415) and at most 10 MB (413). The dates are checked before the
/// file is stored; a failed save deletes the stored file, so nothing is half-written.
/// </summary>
internal static class UploadDocument
{
    public static void Map(RouteGroupBuilder compliance) =>
        compliance.MapPost("", HandleAsync).RequireAuthorization(PlatformPolicies.Authenticated).WithName("UploadComplianceDocument")
            .DisableAntiforgery()
            .WithRequestBodyLimit(FleetOptions.MaxDocumentBytes + (64 * 1024))
            .Accepts<IFormFile>("multipart/form-data")
            .WithSummary("Upload a licensing document (multipart; PDF/JPEG/PNG ≤ 10 MB): admin, or the owning driver");

    private static async Task<Results<Created<DocumentResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        HttpContext http,
        IAuthorizationService authorization,
        FleetDbContext db,
        IDocumentStore store,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (!http.Request.HasFormContentType)
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "multipart_required", "Send the document as multipart/form-data.");
        }

        var form = await http.Request.ReadFormAsync(cancellationToken);
        var caller = await FleetCaller.FromAsync(http, authorization);
        return await UploadAsync(form, null, caller, http, db, store, time, loggers, cancellationToken);
    }

    /// <summary>
    /// Checks and stores the posted document: the API's upload and the driver app's (which passes the driver's own record
    /// as <paramref name="owner"/> instead of <c>ownerType</c>/<c>ownerId</c> fields).
    /// </summary>
    internal static async Task<Results<Created<DocumentResponse>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        IFormCollection form,
        (string Type, Guid Id)? owner,
        FleetCaller caller,
        HttpContext http,
        FleetDbContext db,
        IDocumentStore store,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var ownerType = owner?.Type ?? form["ownerType"].ToString().Trim().ToLowerInvariant();
        if (!OwnerTypes.IsValid(ownerType))
        {
            errors["ownerType"] = ["ownerType must be driver or vehicle."];
        }

        var ownerId = owner?.Id ?? Guid.Empty;
        if (owner is null && !Guid.TryParse(form["ownerId"].ToString(), out ownerId))
        {
            errors["ownerId"] = ["ownerId must be a driver or vehicle id."];
        }

        var documentType = form["documentType"].ToString().Trim().ToLowerInvariant();
        if (!DocumentTypes.Driver.Contains(documentType) && !DocumentTypes.Vehicle.Contains(documentType))
        {
            errors["documentType"] = [$"documentType must be one of {string.Join(", ", DocumentTypes.Driver.Concat(DocumentTypes.Vehicle))}."];
        }

        DateOnly? issuedOn = null;
        if (form["issuedOn"].ToString() is { Length: > 0 } issuedText)
        {
            if (TryParseDate(issuedText, out var issued))
            {
                issuedOn = issued;
            }
            else
            {
                errors["issuedOn"] = ["issuedOn must be a date, yyyy-mm-dd."];
            }
        }

        if (!TryParseDate(form["expiresOn"].ToString(), out var expiresOn))
        {
            errors["expiresOn"] = ["expiresOn is required, yyyy-mm-dd."];
        }

        var file = form.Files.GetFile("file");
        if (file is null || file.Length == 0)
        {
            errors["file"] = ["Attach the document as 'file'."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var exists = ownerType == OwnerTypes.Driver
            ? await db.Drivers.AnyAsync(d => d.Id == ownerId, cancellationToken)
            : await db.Vehicles.AnyAsync(v => v.Id == ownerId, cancellationToken);
        if (!exists || !await caller.MayHandleDocumentsOfAsync(db, ownerType, ownerId, cancellationToken))
        {
            throw FleetErrors.OwnerNotFound(ownerType, ownerId);
        }

        var today = FleetClock.Today(time);
        ComplianceDocument.CheckDates(ownerType, documentType, issuedOn, expiresOn, today);

        StoredDocument stored;
        try
        {
            await using var content = file!.OpenReadStream();
            stored = await store.SaveAsync(content, new DocumentUpload(file.FileName, DocumentType.ScannedDocuments, FleetOptions.MaxDocumentBytes,
                "compliance/" + ownerType), cancellationToken);
        }
        catch (DocumentRejectedException rejected)
        {
            return DocumentProblems.ToProblem(rejected);
        }

        var now = time.GetUtcNow();
        var document = ComplianceDocument.Upload(ownerType, ownerId, documentType, issuedOn, expiresOn, stored.Key, stored.ContentType, stored.SizeBytes,
            stored.Sha256, stored.OriginalFileName, caller.UserId, now, today);
        db.Documents.Add(document);
        db.AddIntegrationEvent(new ComplianceDocumentUploadedIntegrationEvent(document.Id, ownerType, ownerId, documentType,
            ComplianceDocument.Format(expiresOn), caller.UserId, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            try
            {
                await store.DeleteAsync(stored.Key, CancellationToken.None);
            }
            catch (IOException ex)
            {
                loggers.CreateLogger(typeof(UploadDocument)).LogWarning(ex, "Could not delete orphaned document {Key}", stored.Key);
            }

            throw;
        }

        return TypedResults.Created($"{http.Request.PathBase}/v1/compliance/{document.Id}", Views.ToResponse(document, today));
    }

    private static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}

/// <summary>Loads a document for a caller; anyone who may not see it gets the same 404 as for a missing one.</summary>
internal static class DocumentAccess
{
    public static async Task<ComplianceDocument> LoadAsync(FleetDbContext db, Guid id, FleetCaller caller, bool tracked, CancellationToken cancellationToken)
    {
        var query = tracked ? db.Documents : db.Documents.AsNoTracking();
        var document = await query.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (document is null || !await caller.MayHandleDocumentsOfAsync(db, document.OwnerType, document.OwnerId, cancellationToken))
        {
            throw FleetErrors.DocumentNotFound(id);
        }

        return document;
    }
}
