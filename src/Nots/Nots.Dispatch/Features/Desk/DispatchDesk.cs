using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Nots.Contracts.Fleet;
using Nots.Dispatch.Allocation;
using Nots.Dispatch.Data;
using Nots.Dispatch.Domain;
using Nots.Dispatch.Features.DispatchJob;
using Nots.Dispatch.Features.GetBoard;
using Nots.Dispatch.Live;
using Platform.Web;

namespace Nots.Dispatch.Features.Desk;

/// <summary>
/// The dispatch module's surface for the operations dashboard (callers authorise staff first): the board of
/// <c>GET /v1/dispatch/board</c>, the command of <c>POST /v1/dispatch</c>, staff's <c>unassign</c> of
/// <c>PATCH /v1/dispatch/{jobId}</c> and a booking's job — the same code as those endpoints, the same problem codes.
/// </summary>
public interface IDispatchDesk
{
    /// <summary>The board of a UK day (today when null).</summary>
    Task<BoardResponse> BoardAsync(DateOnly? day, CancellationToken cancellationToken);

    /// <summary>Offers or assigns (<c>offer</c>, <c>assign</c>) the booking's job to a driver and vehicle, or hands it to auto-dispatch (<c>auto</c>).</summary>
    /// <exception cref="DomainException">A broken eligibility rule (its code names it) or bad input (<c>validation_failed</c>).</exception>
    Task<DispatchJobResponse> DispatchAsync(string bookingReference, Guid? driverId, Guid? vehicleId, string mode, HttpContext http);

    /// <summary>Takes a job back from its driver (staff's <c>unassign</c>).</summary>
    Task<JobView> UnassignAsync(Guid jobId, string? reason, HttpContext http);

    /// <summary>The job of a booking, or null when dispatch has none (yet).</summary>
    Task<JobView?> FindByBookingAsync(string bookingReference, CancellationToken cancellationToken);

    /// <summary>The live feed's version now (what a board rendered now reflects at least).</summary>
    long LiveVersion { get; }
}

internal sealed class DispatchDesk(
    IFleetDirectory fleet, DispatchDbContext db, Allocator allocator, AutoDispatcher auto, JobWriter writer, JobActions actions, BoardFeed feed,
    IAuthorizationService authorization, TimeProvider time) : IDispatchDesk
{
    public long LiveVersion => feed.Seen;

    public Task<BoardResponse> BoardAsync(DateOnly? day, CancellationToken cancellationToken) => GetBoard.GetBoard.LoadAsync(day, fleet, db, time, cancellationToken);

    public async Task<DispatchJobResponse> DispatchAsync(string bookingReference, Guid? driverId, Guid? vehicleId, string mode, HttpContext http)
    {
        if (mode is not (DispatchModes.Offer or DispatchModes.Assign or DispatchModes.Auto))
        {
            throw new DomainException("validation_failed", "mode is offer, assign or auto.");
        }

        if (string.IsNullOrWhiteSpace(bookingReference) || bookingReference.Trim().Length > 16)
        {
            throw new DomainException("validation_failed", "Give the booking reference.");
        }

        var (result, errors) = await DispatchJob.DispatchJob.RunAsync(
            new DispatchJobRequest(bookingReference, driverId, vehicleId, mode), http.User.FindFirst("sub")?.Value, db, allocator, auto, writer, http.RequestAborted);
        return result ?? throw new DomainException("validation_failed", string.Join(" ", errors!.SelectMany(e => e.Value)));
    }

    public async Task<JobView> UnassignAsync(Guid jobId, string? reason, HttpContext http)
    {
        var actor = await Callers.FromAsync(http, authorization, fleet, http.RequestAborted);
        return JobView.From(await actions.ActAsync(jobId, "unassign", reason, actor, http.RequestAborted));
    }

    public async Task<JobView?> FindByBookingAsync(string bookingReference, CancellationToken cancellationToken)
    {
        var normalised = (bookingReference ?? "").Trim().ToUpperInvariant();
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.BookingReference == normalised, cancellationToken);
        return job is null ? null : JobView.From(job);
    }
}
