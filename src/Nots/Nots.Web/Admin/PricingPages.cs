using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Nots.Pricing.Features.Desk;
using Nots.Web.Site;
using Platform.Identity;
using Platform.Web;

namespace Nots.Web.Admin;

/// <summary>
/// <c>/admin/pricing</c> (owner only): the tariff in force as JSON to edit, a preview that prices a sample journey with
/// the draft beside today's prices, and — after a clean preview — publishing it as the next version (the pricing
/// module's <see cref="IPricingDesk"/>: the rules and version check of <c>PUT /v1/pricing</c>).
/// </summary>
internal static class PricingPages
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var owner = app.MapGroup(AdminSetup.Root + "/pricing").RequireAuthorization(PlatformPolicies.Role("owner")).ExcludeFromDescription();
        owner.MapGet("", ShowAsync);
        owner.MapPost("", PostAsync);
    }

    private static async Task<IResult> ShowAsync(HttpContext http, AdminContext admin, IPricingDesk pricing, TimeProvider time)
    {
        var current = await pricing.CurrentAsync(http.RequestAborted);
        return Pages.Render<PricingView>(new PricingModel(await admin.FrameAsync(http), current, current.Json, Sample(time), null, null));
    }

    private static async Task<IResult> PostAsync([FromForm] string? action, [FromForm] string? tariff, [FromForm] string? expectedVersion, [FromForm] string? pickup,
        [FromForm] string? dropoff, [FromForm] string? date, [FromForm] string? time, [FromForm] int? passengers, [FromForm] int? suitcases,
        HttpContext http, AdminContext admin, IPricingDesk pricing, TimeProvider clock)
    {
        var current = await pricing.CurrentAsync(http.RequestAborted);
        var fallback = Sample(clock);
        var sample = new SampleJourney(
            string.IsNullOrWhiteSpace(pickup) ? fallback.Pickup : pickup.Trim(),
            string.IsNullOrWhiteSpace(dropoff) ? fallback.Dropoff : dropoff.Trim(),
            $"{(string.IsNullOrWhiteSpace(date) ? fallback.PickupTimeLocal[..10] : date.Trim())}T{(string.IsNullOrWhiteSpace(time) ? "10:30" : time.Trim())}",
            Math.Clamp(passengers ?? 2, 1, 16),
            Math.Clamp(suitcases ?? 2, 0, 20));
        var json = tariff ?? "";
        if (action == "publish")
        {
            try
            {
                var version = await pricing.PublishAsync(json, string.IsNullOrWhiteSpace(expectedVersion) ? null : expectedVersion, http.User.FindFirst("sub")?.Value ?? "owner",
                    http.RequestAborted);
                return AdminContext.Back(http, "/admin/pricing", true, $"Tariff {version} is published: new quotes use it now; quotes already given keep theirs.");
            }
            catch (DomainException exception)
            {
                var problems = exception.Details.TryGetValue("problems", out var list) && list is IEnumerable<string> items ? items.ToList() : [exception.Message];
                return Pages.Render<PricingView>(new PricingModel(await admin.FrameAsync(http), current, json, sample, new TariffPreview(problems, 0, []), expectedVersion),
                    exception.Kind == DomainErrorKind.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity);
            }
        }

        var preview = await pricing.PreviewAsync(json, sample, http.RequestAborted);
        return Pages.Render<PricingView>(new PricingModel(await admin.FrameAsync(http), current, json, sample, preview, expectedVersion),
            preview.Problems.Count > 0 ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK);
    }

    /// <summary>Heathrow to Poole next Tuesday at 10:30 UK time: a typical airport run.</summary>
    private static SampleJourney Sample(TimeProvider time)
    {
        var today = DateOnly.ParseExact(Format.Today(time), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var days = ((int)DayOfWeek.Tuesday - (int)today.DayOfWeek + 7) % 7;
        var tuesday = today.AddDays(days == 0 ? 7 : days);
        return new SampleJourney("LHR", "BH15 1AA", tuesday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T10:30", 2, 2);
    }
}
