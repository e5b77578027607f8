using Nots.Contracts.Dispatch;

namespace Nots.Dispatch.Domain;

/// <summary>How a job was allocated.</summary>
internal static class DispatchModes
{
    public const string Offer = "offer";
    public const string Assign = "assign";
    public const string Auto = "auto";
}

/// <summary>What dispatch knows of the booking it serves (from the bookings module's events).</summary>
internal sealed record JobTerms(
    DateTimeOffset PickupAt,
    string PickupName,
    string DropoffName,
    int Passengers,
    int Suitcases,
    int DurationMinutes,
    decimal DistanceMiles,
    double? PickupLat,
    double? PickupLng,
    double? DropoffLat,
    double? DropoffLng,
    string? LeadPassengerName,
    bool MeetAndGreet,
    string? FlightNumber);

/// <summary>
/// One confirmed booking's journey as dispatch works it: who drives it, in what, and how far it has got. The status
/// machine lives here; every change bumps <see cref="Version"/>, which the database checks on save (a lost race is a
/// 409, never a double allocation).
/// </summary>
internal sealed class Job
{
    private Job()
    {
    }

    public Guid Id { get; private set; }

    public Guid BookingId { get; private set; }

    public string BookingReference { get; private set; } = "";

    public string VehicleClass { get; private set; } = "";

    public DateTimeOffset PickupAt { get; private set; }

    /// <summary>Pickup plus the estimated journey time: the driver and vehicle are busy from pickup until then.</summary>
    public DateTimeOffset EndsAt { get; private set; }

    public string PickupName { get; private set; } = "";

    public string DropoffName { get; private set; } = "";

    public int Passengers { get; private set; }

    public int Suitcases { get; private set; }

    public int DurationMinutes { get; private set; }

    public decimal DistanceMiles { get; private set; }

    public double? PickupLat { get; private set; }

    public double? PickupLng { get; private set; }

    public double? DropoffLat { get; private set; }

    public double? DropoffLng { get; private set; }

    public string? LeadPassengerName { get; private set; }

    public bool MeetAndGreet { get; private set; }

    public string? FlightNumber { get; private set; }

    public string Status { get; private set; } = JobStatuses.Unassigned;

    public int Version { get; private set; }

    /// <summary>Auto-dispatch looks after this job (set globally or by a dispatcher's "auto").</summary>
    public bool Auto { get; private set; }

    public Guid? DriverId { get; private set; }

    public Guid? VehicleId { get; private set; }

    public string? Mode { get; private set; }

    /// <summary>The dispatcher who offered or assigned it; null for auto-dispatch.</summary>
    public string? DispatcherUserId { get; private set; }

    public DateTimeOffset? OfferedAt { get; private set; }

    public DateTimeOffset? OfferExpiresAt { get; private set; }

    /// <summary>Auto-dispatch offers made since the job was last handed to auto-dispatch.</summary>
    public int OfferAttempts { get; private set; }

    public DateTimeOffset? FirstOfferedAt { get; private set; }

    public DateTimeOffset? AssignedAt { get; private set; }

    public DateTimeOffset? EnRouteAt { get; private set; }

    public DateTimeOffset? ArrivedAt { get; private set; }

    public DateTimeOffset? OnBoardAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public DateTimeOffset? NoShowAt { get; private set; }

    public double? NoShowLat { get; private set; }

    public double? NoShowLng { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    public DateTimeOffset? EscalatedAt { get; private set; }

    /// <summary>Why it was escalated or released, or the no-show evidence.</summary>
    public string? Note { get; private set; }

    public DateTimeOffset ConfirmedAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The board version of the last change (see <c>BoardVersion</c>): live feeds read changes in this order.</summary>
    public long BoardVersion { get; set; }

    public bool IsAssignable => Status is JobStatuses.Unassigned or JobStatuses.Escalated;

    public bool IsActive => Status is JobStatuses.Offered or JobStatuses.Assigned or JobStatuses.EnRoute or JobStatuses.Arrived or JobStatuses.OnBoard;

    /// <summary>Statuses in which the job holds its driver and vehicle for its time window.</summary>
    public static readonly string[] Holding = [JobStatuses.Offered, JobStatuses.Assigned, JobStatuses.EnRoute, JobStatuses.Arrived, JobStatuses.OnBoard];

    public static Job Create(Guid bookingId, string reference, string vehicleClass, JobTerms terms, bool auto, DateTimeOffset confirmedAt, DateTimeOffset now, int defaultDurationMinutes)
    {
        var job = new Job
        {
            Id = Guid.CreateVersion7(now),
            BookingId = bookingId,
            BookingReference = reference,
            VehicleClass = vehicleClass,
            Auto = auto,
            ConfirmedAt = confirmedAt,
            CreatedAt = now,
        };
        job.Apply(terms, defaultDurationMinutes);
        job.Touch(now);
        return job;
    }

    public void Amend(JobTerms terms, DateTimeOffset now, int defaultDurationMinutes)
    {
        if (Status is JobStatuses.Completed or JobStatuses.NoShow or JobStatuses.Cancelled)
        {
            return;
        }

        Apply(terms, defaultDurationMinutes);
        Touch(now);
    }

    public void HandToAuto(DateTimeOffset now)
    {
        if (!IsAssignable)
        {
            throw DispatchErrors.NotAssignable(Status);
        }

        Auto = true;
        OfferAttempts = 0;
        Status = JobStatuses.Unassigned;
        Touch(now);
    }

    public void Offer(Guid driverId, Guid vehicleId, string mode, string? dispatcher, DateTimeOffset now, DateTimeOffset expiresAt)
    {
        if (!IsAssignable)
        {
            throw DispatchErrors.NotAssignable(Status);
        }

        Status = JobStatuses.Offered;
        DriverId = driverId;
        VehicleId = vehicleId;
        Mode = mode;
        DispatcherUserId = dispatcher;
        OfferedAt = now;
        OfferExpiresAt = expiresAt;
        FirstOfferedAt ??= now;
        if (mode == DispatchModes.Auto)
        {
            OfferAttempts++;
        }

        Touch(now);
    }

    public void Assign(Guid driverId, Guid vehicleId, string? dispatcher, DateTimeOffset now)
    {
        if (!IsAssignable)
        {
            throw DispatchErrors.NotAssignable(Status);
        }

        Status = JobStatuses.Assigned;
        DriverId = driverId;
        VehicleId = vehicleId;
        Mode = DispatchModes.Assign;
        DispatcherUserId = dispatcher;
        AssignedAt = now;
        OfferExpiresAt = null;
        Touch(now);
    }

    public void Accept(Guid driverId, DateTimeOffset now)
    {
        RequireOfferTo(driverId, "accept");
        if (OfferExpiresAt is { } expires && now >= expires)
        {
            throw Platform.Web.DomainException.Conflict("offer_expired", "The offer has expired.");
        }

        Status = JobStatuses.Assigned;
        AssignedAt = now;
        OfferExpiresAt = null;
        Touch(now);
    }

    /// <summary>The driver said no, or nobody answered: the job is free again (auto-dispatch moves on).</summary>
    public void EndOffer(Guid driverId, string action, DateTimeOffset now)
    {
        RequireOfferTo(driverId, action);
        Free(now, null);
    }

    public void Escalate(string reason, DateTimeOffset now)
    {
        if (Status is not (JobStatuses.Unassigned or JobStatuses.Escalated))
        {
            throw DispatchErrors.InvalidTransition(Status, "escalate");
        }

        Status = JobStatuses.Escalated;
        EscalatedAt = now;
        Note = reason;
        Auto = false;
        Touch(now);
    }

    /// <summary>A dispatcher takes the job back before the driver set off.</summary>
    public void Release(string? reason, DateTimeOffset now)
    {
        if (Status is not (JobStatuses.Offered or JobStatuses.Assigned))
        {
            throw DispatchErrors.InvalidTransition(Status, "unassign");
        }

        Auto = false;
        Free(now, reason);
    }

    public void StartEnRoute(DateTimeOffset now)
    {
        Move(JobStatuses.Assigned, JobStatuses.EnRoute, "en-route", now);
        EnRouteAt = now;
    }

    public void Arrive(DateTimeOffset now)
    {
        Move(JobStatuses.EnRoute, JobStatuses.Arrived, "arrived", now);
        ArrivedAt = now;
    }

    public void Board(DateTimeOffset now)
    {
        Move(JobStatuses.Arrived, JobStatuses.OnBoard, "on-board", now);
        OnBoardAt = now;
    }

    public void Complete(DateTimeOffset now)
    {
        Move(JobStatuses.OnBoard, JobStatuses.Completed, "complete", now);
        CompletedAt = now;
    }

    /// <summary>The free waiting time after pickup (longer for airport pickups with a flight).</summary>
    public TimeSpan FreeWaiting(TimeSpan normal, TimeSpan airport) => FlightNumber is { Length: > 0 } ? airport : normal;

    /// <summary>
    /// No-show, only once the free waiting time past pickup is over; records when the driver arrived, how long they
    /// waited and where they were as evidence.
    /// </summary>
    public string MarkNoShow(TimeSpan freeWaiting, double? lat, double? lng, DateTimeOffset now)
    {
        if (Status != JobStatuses.Arrived)
        {
            throw DispatchErrors.InvalidTransition(Status, "no-show");
        }

        var from = ArrivedAt is { } arrived && arrived > PickupAt ? arrived : PickupAt;
        var allowedAt = PickupAt + freeWaiting;
        if (now < allowedAt)
        {
            throw Platform.Web.DomainException.Conflict(
                "waiting_time_not_over",
                $"A no-show can be recorded from {allowedAt:u} ({(int)freeWaiting.TotalMinutes} minutes of free waiting after pickup).");
        }

        Status = JobStatuses.NoShow;
        NoShowAt = now;
        NoShowLat = lat;
        NoShowLng = lng;
        var position = lat is null ? "position unknown" : $"last position {lat:0.#####},{lng:0.#####}";
        Note = $"No-show: arrived {ArrivedAt:u}, waited {(int)(now - from).TotalMinutes} min (free waiting {(int)freeWaiting.TotalMinutes} min), {position}";
        Touch(now);
        return Note;
    }

    /// <summary>
    /// The booking's personal data was erased: the passenger's name and flight go from the job (the statutory record,
    /// with the hirer's name for its retention, is Reporting's). Returns false when there was nothing left to erase.
    /// </summary>
    public bool ErasePassenger(DateTimeOffset now)
    {
        if (LeadPassengerName is null && FlightNumber is null)
        {
            return false;
        }

        LeadPassengerName = null;
        FlightNumber = null;
        Touch(now);
        return true;
    }

    public void Cancel(DateTimeOffset now)
    {
        if (Status is JobStatuses.Completed or JobStatuses.NoShow or JobStatuses.Cancelled)
        {
            return;
        }

        Status = JobStatuses.Cancelled;
        CancelledAt = now;
        OfferExpiresAt = null;
        Auto = false;
        Touch(now);
    }

    private void RequireOfferTo(Guid driverId, string action)
    {
        if (Status != JobStatuses.Offered || DriverId != driverId)
        {
            throw DispatchErrors.InvalidTransition(Status, action);
        }
    }

    private void Free(DateTimeOffset now, string? reason)
    {
        Status = JobStatuses.Unassigned;
        DriverId = null;
        VehicleId = null;
        Mode = null;
        DispatcherUserId = null;
        OfferedAt = null;
        OfferExpiresAt = null;
        AssignedAt = null;
        Note = reason;
        Touch(now);
    }

    private void Move(string from, string to, string action, DateTimeOffset now)
    {
        if (Status != from)
        {
            throw DispatchErrors.InvalidTransition(Status, action);
        }

        Status = to;
        Touch(now);
    }

    private void Apply(JobTerms terms, int defaultDurationMinutes)
    {
        PickupAt = terms.PickupAt;
        PickupName = terms.PickupName;
        DropoffName = terms.DropoffName;
        Passengers = terms.Passengers;
        Suitcases = terms.Suitcases;
        DurationMinutes = terms.DurationMinutes > 0 ? terms.DurationMinutes : defaultDurationMinutes;
        DistanceMiles = terms.DistanceMiles;
        PickupLat = terms.PickupLat;
        PickupLng = terms.PickupLng;
        DropoffLat = terms.DropoffLat;
        DropoffLng = terms.DropoffLng;
        LeadPassengerName = terms.LeadPassengerName;
        MeetAndGreet = terms.MeetAndGreet;
        FlightNumber = terms.FlightNumber;
        EndsAt = PickupAt.AddMinutes(DurationMinutes);
    }

    private void Touch(DateTimeOffset now)
    {
        Version++;
        UpdatedAt = now;
    }
}

/// <summary>Status of one offer or assignment of a job to a driver.</summary>
internal static class AllocationStatuses
{
    /// <summary>Offered, waiting for an answer.</summary>
    public const string Offered = "Offered";

    /// <summary>The driver has the job.</summary>
    public const string Active = "Active";

    public const string Rejected = "Rejected";

    public const string Expired = "Expired";

    /// <summary>Taken back by a dispatcher, or the booking was cancelled.</summary>
    public const string Released = "Released";

    /// <summary>The job was done (completed or no-show).</summary>
    public const string Ended = "Ended";
}

/// <summary>
/// One offer or assignment of a job to a driver and vehicle: the allocation history, and the database's guard that a
/// job has at most one live allocation (a unique index over <c>job_id</c> where the status is Offered or Active).
/// </summary>
internal sealed class JobAllocation
{
    private JobAllocation()
    {
    }

    public Guid Id { get; private set; }

    public Guid JobId { get; private set; }

    public Guid DriverId { get; private set; }

    public Guid VehicleId { get; private set; }

    public string Mode { get; private set; } = "";

    public string Status { get; private set; } = "";

    public string? DispatcherUserId { get; private set; }

    public DateTimeOffset OfferedAt { get; private set; }

    public DateTimeOffset? ExpiresAt { get; private set; }

    public DateTimeOffset? ResolvedAt { get; private set; }

    public static JobAllocation For(Job job, bool offered, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        JobId = job.Id,
        DriverId = job.DriverId ?? throw new InvalidOperationException("The job has no driver."),
        VehicleId = job.VehicleId ?? throw new InvalidOperationException("The job has no vehicle."),
        Mode = job.Mode ?? DispatchModes.Assign,
        Status = offered ? AllocationStatuses.Offered : AllocationStatuses.Active,
        DispatcherUserId = job.DispatcherUserId,
        OfferedAt = now,
        ExpiresAt = offered ? job.OfferExpiresAt : null,
    };

    public void Resolve(string status, DateTimeOffset now)
    {
        Status = status;
        ResolvedAt = now;
    }
}

/// <summary>Where a driver last said they were (posted by the driver app).</summary>
internal sealed class DriverPosition
{
    public Guid DriverId { get; set; }

    public double Lat { get; set; }

    public double Lng { get; set; }

    public double? Accuracy { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>A row per driver or vehicle that allocation locks (<c>FOR UPDATE</c>) so overlap checks are serialised.</summary>
internal sealed class AllocationLock
{
    public string Key { get; set; } = "";
}

/// <summary>One row: a counter every job change bumps in its transaction; live feeds poll it.</summary>
internal sealed class BoardState
{
    public int Id { get; set; }

    public long Version { get; set; }
}
