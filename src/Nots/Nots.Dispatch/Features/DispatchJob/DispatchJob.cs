using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Nots.Dispatch.Allocation;
using Nots.Dispatch.Data;
using Nots.Dispatch.Domain;
using Platform.Identity;

namespace Nots.Dispatch.Features.DispatchJob;

/// <summary><c>POST /v1/dispatch</c>: offer or hard-assign a booking's job to a driver and vehicle, or hand it to auto-dispatch.</summary>
public sealed record DispatchJobRequest(
    [Required, StringLength(16)] string? BookingReference,
    Guid? DriverId,
    Guid? VehicleId,
    [Required, RegularExpression("^(offer|assign|auto)$", ErrorMessage = "mode is offer, assign or auto.")] string? Mode);

/// <summary>The job and where it stands now.</summary>
public sealed record DispatchJobResponse(Guid JobId, string Status, Guid? DriverId, Guid? VehicleId, DateTimeOffset? OfferExpiresAt);

internal static class DispatchJob
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("", HandleAsync)
            .RequireAuthorization(PlatformPolicies.Staff)
            .WithName("DispatchJob")
            .WithSummary("Offer, assign or auto-dispatch a booking's job (409 names the failed eligibility rule).");

    private static async Task<Results<Created<DispatchJobResponse>, ValidationProblem>> HandleAsync(
        DispatchJobRequest request,
        HttpContext http,
        DispatchDbContext db,
        Allocator allocator,
        AutoDispatcher auto,
        JobWriter writer,
        CancellationToken cancellationToken)
    {
        var result = await RunAsync(request, http.User.FindFirst("sub")?.Value, db, allocator, auto, writer, cancellationToken);
        return result.Result is DispatchJobResponse response
            ? TypedResults.Created($"/v1/dispatch/jobs/{response.JobId}", response)
            : TypedResults.ValidationProblem(result.Errors!);
    }

    /// <summary>The command behind the endpoint, shared with the operations dashboard: the response, or the field errors of a 400.</summary>
    internal static async Task<(DispatchJobResponse? Result, Dictionary<string, string[]>? Errors)> RunAsync(
        DispatchJobRequest request,
        string? dispatcher,
        DispatchDbContext db,
        Allocator allocator,
        AutoDispatcher auto,
        JobWriter writer,
        CancellationToken cancellationToken)
    {
        var reference = request.BookingReference!.Trim().ToUpperInvariant();
        var mode = request.Mode!;
        if (mode != DispatchModes.Auto && (request.DriverId is null || request.VehicleId is null))
        {
            return (null, new Dictionary<string, string[]>
            {
                [request.DriverId is null ? "driverId" : "vehicleId"] = ["driverId and vehicleId are needed to offer or assign."],
            });
        }

        var jobId = await db.Jobs.AsNoTracking().Where(j => j.BookingReference == reference).Select(j => (Guid?)j.Id).FirstOrDefaultAsync(cancellationToken)
            ?? throw DispatchErrors.JobNotFound("booking " + reference);
        Job job;
        if (mode == DispatchModes.Auto)
        {
            await writer.InTransactionAsync(async ct =>
            {
                var tracked = await db.Jobs.FirstAsync(j => j.Id == jobId, ct);
                tracked.HandToAuto(writer.Now);
                writer.StatusChanged(tracked, detail: "Handed to auto-dispatch");
                await writer.StampAsync(tracked, ct);
                return tracked.Status;
            }, cancellationToken);
            await auto.OfferNextAsync(jobId, cancellationToken);
            job = await db.Jobs.AsNoTracking().FirstAsync(j => j.Id == jobId, cancellationToken);
        }
        else
        {
            job = await allocator.AllocateAsync(jobId, request.DriverId!.Value, request.VehicleId!.Value, mode, dispatcher, cancellationToken);
        }

        return (new DispatchJobResponse(job.Id, job.Status, job.DriverId, job.VehicleId, job.OfferExpiresAt), null);
    }
}
