using System.Globalization;
using Platform.Web;

namespace Nots.Fleet.Domain;

/// <summary>Who a document belongs to.</summary>
internal static class OwnerTypes
{
    public const string Driver = "driver";
    public const string Vehicle = "vehicle";

    public static bool IsValid(string? value) => value is Driver or Vehicle;
}

/// <summary>The licensing documents the operator must hold (Dorset's 2022 policy, DfT statutory standards).</summary>
internal static class DocumentTypes
{
    public const string DrivingLicence = "driving-licence";
    public const string PhBadge = "ph-badge";
    public const string Dbs = "dbs";
    public const string Medical = "medical";
    public const string RightToWork = "right-to-work";
    public const string V5c = "v5c";
    public const string Mot = "mot";
    public const string Insurance = "insurance";
    public const string PlateLicence = "plate-licence";

    /// <summary>Every one of these must be verified and in date for a driver to be compliant.</summary>
    public static readonly IReadOnlyList<string> Driver = [DrivingLicence, PhBadge, Dbs, Medical, RightToWork];

    /// <summary>Every one of these must be verified and in date for a vehicle to be compliant.</summary>
    public static readonly IReadOnlyList<string> Vehicle = [V5c, Mot, Insurance, PlateLicence];

    /// <summary>Dorset re-checks the enhanced DBS every 6 months, whatever the certificate says.</summary>
    public const int DbsRecheckMonths = 6;

    public static IReadOnlyList<string> RequiredFor(string ownerType) => ownerType == OwnerTypes.Driver ? Driver : Vehicle;

    public static string Label(string type) => type switch
    {
        DrivingLicence => "DVLA driving licence",
        PhBadge => "private-hire driver badge",
        Dbs => "enhanced DBS check",
        Medical => "medical certificate",
        RightToWork => "right to work",
        V5c => "V5C logbook",
        Mot => "MOT certificate",
        Insurance => "hire-and-reward insurance",
        PlateLicence => "council vehicle plate licence",
        _ => type,
    };
}

/// <summary>Review states of a compliance document.</summary>
internal enum DocumentStatus
{
    Pending,
    Verified,
    Rejected,
    Superseded,
}

/// <summary>
/// One uploaded licensing document: the stored file, its dates, and the admin's review. The date it stops counting
/// (<see cref="EffectiveExpiresOn"/>) is worked out once at upload: the expiry written on it, or for a DBS check the
/// 6-month re-check date after issue when that comes first. A document counts up to and including that date.
/// </summary>
internal sealed class ComplianceDocument
{
    private ComplianceDocument()
    {
    }

    public Guid Id { get; private set; }

    public string OwnerType { get; private set; } = "";

    public Guid OwnerId { get; private set; }

    public string DocumentType { get; private set; } = "";

    public DateOnly? IssuedOn { get; private set; }

    public DateOnly ExpiresOn { get; private set; }

    public DateOnly EffectiveExpiresOn { get; private set; }

    public DocumentStatus Status { get; private set; }

    public string FileKey { get; private set; } = "";

    public string ContentType { get; private set; } = "";

    public long SizeBytes { get; private set; }

    public string Sha256 { get; private set; } = "";

    public string? FileName { get; private set; }

    public Guid? UploadedBy { get; private set; }

    public DateTimeOffset UploadedAt { get; private set; }

    public Guid? ReviewedBy { get; private set; }

    public DateTimeOffset? ReviewedAt { get; private set; }

    public string? RejectionReason { get; private set; }

    public Guid? SupersededBy { get; private set; }

    public int Version { get; private set; }

    public bool IsExpiredOn(DateOnly today) => EffectiveExpiresOn < today;

    /// <summary>The dates are checked before the file is stored, so a refused upload stores nothing.</summary>
    public static void CheckDates(string ownerType, string documentType, DateOnly? issuedOn, DateOnly expiresOn, DateOnly today)
    {
        if (!DocumentTypes.RequiredFor(ownerType).Contains(documentType))
        {
            throw new DomainException("document_type_invalid",
                $"A {ownerType} document is one of {string.Join(", ", DocumentTypes.RequiredFor(ownerType))}.");
        }

        if (issuedOn is { } issued && issued > today)
        {
            throw new DomainException("document_issued_in_future", "The issue date is in the future.");
        }

        if (issuedOn is { } start && expiresOn <= start)
        {
            throw new DomainException("document_dates_invalid", "The expiry date must be after the issue date.");
        }

        if (documentType == DocumentTypes.Dbs && issuedOn is null)
        {
            throw new DomainException("dbs_issue_date_required", "A DBS certificate needs its issue date: Dorset re-checks it 6 months after issue.");
        }

        if (EffectiveExpiry(documentType, issuedOn, expiresOn) < today)
        {
            throw new DomainException("document_expired", $"The document stopped counting on {Format(EffectiveExpiry(documentType, issuedOn, expiresOn))}; upload a current one.");
        }
    }

    public static DateOnly EffectiveExpiry(string documentType, DateOnly? issuedOn, DateOnly expiresOn) =>
        documentType == DocumentTypes.Dbs && issuedOn is { } issued && issued.AddMonths(DocumentTypes.DbsRecheckMonths) < expiresOn
            ? issued.AddMonths(DocumentTypes.DbsRecheckMonths)
            : expiresOn;

    public static ComplianceDocument Upload(string ownerType, Guid ownerId, string documentType, DateOnly? issuedOn, DateOnly expiresOn,
        string fileKey, string contentType, long sizeBytes, string sha256, string? fileName, Guid? uploadedBy, DateTimeOffset now, DateOnly today)
    {
        CheckDates(ownerType, documentType, issuedOn, expiresOn, today);
        return new ComplianceDocument
        {
            Id = Guid.CreateVersion7(now),
            OwnerType = ownerType,
            OwnerId = ownerId,
            DocumentType = documentType,
            IssuedOn = issuedOn,
            ExpiresOn = expiresOn,
            EffectiveExpiresOn = EffectiveExpiry(documentType, issuedOn, expiresOn),
            Status = DocumentStatus.Pending,
            FileKey = fileKey,
            ContentType = contentType,
            SizeBytes = sizeBytes,
            Sha256 = sha256,
            FileName = fileName,
            UploadedBy = uploadedBy,
            UploadedAt = now,
            Version = 1,
        };
    }

    /// <summary>Pending → verified. An admin cannot verify a document that has already stopped counting.</summary>
    public DocumentStatus Verify(Guid? admin, DateTimeOffset now, DateOnly today)
    {
        if (Status != DocumentStatus.Pending)
        {
            throw DomainException.Conflict("document_not_pending", $"The document is {Status.ToString().ToLowerInvariant()}; only a pending document can be verified.");
        }

        if (IsExpiredOn(today))
        {
            throw new DomainException("document_expired", $"The document stopped counting on {Format(EffectiveExpiresOn)}; it cannot be verified.");
        }

        var from = Status;
        Status = DocumentStatus.Verified;
        ReviewedBy = admin;
        ReviewedAt = now;
        Version++;
        return from;
    }

    /// <summary>Pending or verified → rejected, with the reason the driver is told.</summary>
    public DocumentStatus Reject(Guid? admin, string reason, DateTimeOffset now)
    {
        if (Status is not (DocumentStatus.Pending or DocumentStatus.Verified))
        {
            throw DomainException.Conflict("document_not_reviewable", $"The document is {Status.ToString().ToLowerInvariant()}; it cannot be rejected.");
        }

        var from = Status;
        Status = DocumentStatus.Rejected;
        RejectionReason = reason;
        ReviewedBy = admin;
        ReviewedAt = now;
        Version++;
        return from;
    }

    /// <summary>A newer verified document of the same type replaced this one.</summary>
    public void Supersede(Guid by)
    {
        if (Status != DocumentStatus.Verified)
        {
            throw DomainException.Conflict("document_not_verified", "Only a verified document can be superseded.");
        }

        Status = DocumentStatus.Superseded;
        SupersededBy = by;
        Version++;
    }

    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>An expiry warning already sent: one row per (document, threshold), the claim that makes the job send it once.</summary>
internal sealed class ComplianceAlert(Guid documentId, int thresholdDays, DateTimeOffset sentAt)
{
    public Guid DocumentId { get; private set; } = documentId;

    public int ThresholdDays { get; private set; } = thresholdDays;

    public DateTimeOffset SentAt { get; private set; } = sentAt;
}
