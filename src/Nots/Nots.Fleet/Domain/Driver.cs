using Nots.Contracts.Fleet;
using Platform.Web;

namespace Nots.Fleet.Domain;

/// <summary>A licensed private-hire driver working for the operator, with their sign-in account.</summary>
internal sealed class Driver
{
    private Driver()
    {
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public string Name { get; private set; } = "";

    public string Email { get; private set; } = "";

    /// <summary>Upper-cased e-mail, unique (as Identity compares addresses).</summary>
    public string EmailKey { get; private set; } = "";

    public string Phone { get; private set; } = "";

    public string LicenceNumber { get; private set; } = "";

    public string BadgeNumber { get; private set; } = "";

    public DateOnly? StartDate { get; private set; }

    public string Status { get; private set; } = DriverStatuses.Active;

    public bool OnDuty { get; private set; }

    public DateTimeOffset? DutyChangedAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public int Version { get; private set; }

    public string FirstName => Name.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? Name;

    public bool IsActive => Status == DriverStatuses.Active;

    public static bool IsValidStatus(string? status) => status is DriverStatuses.Active or DriverStatuses.Suspended or DriverStatuses.Left;

    /// <summary>Details already normalised and validated by the caller (formats); the aggregate keeps the state rules.</summary>
    public static Driver Onboard(Guid userId, string name, string email, string phone, string licenceNumber, string badgeNumber,
        DateOnly? startDate, string status, DateTimeOffset now)
    {
        if (!IsValidStatus(status) || status == DriverStatuses.Left)
        {
            throw new DomainException("driver_status_invalid", "A new driver starts active or suspended.");
        }

        return new Driver
        {
            Id = Guid.CreateVersion7(now),
            UserId = userId,
            Name = name,
            Email = email,
            EmailKey = Rules.EmailKey.Of(email),
            Phone = phone,
            LicenceNumber = licenceNumber,
            BadgeNumber = badgeNumber,
            StartDate = startDate,
            Status = status,
            OnDuty = false,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
    }

    /// <summary>
    /// Active ↔ suspended, and either → left. Left is final: the record stays for the statutory booking records.
    /// Suspending or leaving takes the driver off duty. Returns false when the status is already <paramref name="to"/>.
    /// </summary>
    public bool ChangeStatus(string to, DateTimeOffset now)
    {
        if (!IsValidStatus(to))
        {
            throw new DomainException("driver_status_invalid", "Status must be active, suspended or left.");
        }

        if (to == Status)
        {
            return false;
        }

        if (Status == DriverStatuses.Left)
        {
            throw DomainException.Conflict("driver_has_left", "The driver has left; their record is kept but cannot be reactivated. Onboard them again.");
        }

        Status = to;
        if (to != DriverStatuses.Active && OnDuty)
        {
            OnDuty = false;
            DutyChangedAt = now;
        }

        Touch(now);
        return true;
    }

    /// <summary>Only an active driver goes on duty; anyone may go off duty. Returns false when nothing changed.</summary>
    public bool SetDuty(bool onDuty, DateTimeOffset now)
    {
        if (onDuty == OnDuty)
        {
            return false;
        }

        if (onDuty && !IsActive)
        {
            throw DomainException.Conflict("driver_not_active", $"A {Status} driver cannot go on duty.");
        }

        OnDuty = onDuty;
        DutyChangedAt = now;
        Touch(now);
        return true;
    }

    public void ChangeDetails(string? name, string? phone, string? licenceNumber, string? badgeNumber, DateOnly? startDate, DateTimeOffset now)
    {
        if (Status == DriverStatuses.Left)
        {
            throw DomainException.Conflict("driver_has_left", "The driver has left; their record is kept as it was.");
        }

        Name = name ?? Name;
        Phone = phone ?? Phone;
        LicenceNumber = licenceNumber ?? LicenceNumber;
        BadgeNumber = badgeNumber ?? BadgeNumber;
        StartDate = startDate ?? StartDate;
        Touch(now);
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }
}
