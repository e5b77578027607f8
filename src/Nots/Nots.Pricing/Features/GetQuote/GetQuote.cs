using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Nots.Pricing.Quotes;
using Platform.Web;

namespace Nots.Pricing.Features.GetQuote;

/// <summary><c>GET /v1/quotes/{id}</c>: a stored quote, also after it expired (<c>expired</c> says so).</summary>
internal static class GetQuoteEndpoint
{
    public static async Task<Ok<QuoteResponse>> HandleAsync(Guid id, QuoteDesk desk, TimeProvider clock, CancellationToken cancellationToken)
    {
        var stored = await desk.LoadAsync(id, cancellationToken)
            ?? throw DomainException.NotFound(PricingErrors.QuoteNotFound, $"There is no quote {id}.");
        return TypedResults.Ok(QuoteResponse.From(stored, clock.GetUtcNow()));
    }
}
