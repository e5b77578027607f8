using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Platform.Payments.Data;
using Platform.Persistence;

namespace Platform.Payments.Sandbox;

/// <summary>Result of a card submission on the hosted page.</summary>
internal enum PayResult
{
    Paid,
    Declined,
    InvalidCard,
    NotFound,
    BadFormToken,
    AlreadyCompleted,
    Expired,
}

internal sealed record PayOutcome(PayResult Result, SandboxSessionRow? Session, CardOutcome? Card = null, Dictionary<string, string>? FieldErrors = null);

/// <summary>
/// The embedded provider: Stripe Checkout's behaviour with its state in <see cref="PaymentsDbContext"/>.
/// Every state change and the event it causes commit together; the webhook worker delivers the events.
/// </summary>
internal sealed class SandboxPaymentProvider(
    PaymentsDbContext db,
    GroupCommit<PaymentsDbContext> sessions,
    PaymentsSettings settings,
    TimeProvider time,
    SandboxDeliverySignal signal,
    IHttpContextAccessor? httpContext = null)
    : IPaymentProvider
{
    public const string CheckoutPath = "/sandbox/checkout";

    public string Name => "Sandbox";

    public async Task<CheckoutSession> CreateCheckoutSessionAsync(CheckoutSessionRequest request, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        RequestValidation.Validate(request, now);
        var hash = RequestValidation.Fingerprint(request with { IdempotencyKey = null });
        if (request.IdempotencyKey is { } key && await FindSessionByKeyAsync(key, hash, cancellationToken) is { } replay)
        {
            return ToSession(replay);
        }

        var row = new SandboxSessionRow
        {
            Id = SandboxEvents.NewId("cs_test_"),
            ClientReferenceId = request.ClientReferenceId,
            AmountTotal = request.AmountPence,
            Currency = request.Currency,
            Description = request.Description,
            LineItemsJson = JsonSerializer.Serialize(request.EffectiveLineItems),
            CustomerEmail = request.CustomerEmail,
            SuccessUrl = request.SuccessUrl,
            CancelUrl = request.CancelUrl,
            MetadataJson = JsonSerializer.Serialize(request.Metadata ?? new Dictionary<string, string>()),
            FormToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            IdempotencyKey = request.IdempotencyKey,
            RequestHash = request.IdempotencyKey is null ? null : hash,
            WebhookUrl = WebhookUrlFrom(httpContext?.HttpContext?.Request),
            CreatedAt = now,
            ExpiresAt = request.ExpiresAt ?? now.AddHours(24),
        };
        try
        {
            // Committed with the sessions other checkouts create at the same moment (one commit for many).
            await sessions.SaveAsync(d => d.Sessions.Add(row));
        }
        catch (DbUpdateException) when (request.IdempotencyKey is not null)
        {
            // Another request with the same key won the race (unique index): answer as it did.
            db.ChangeTracker.Clear();
            var winner = await FindSessionByKeyAsync(request.IdempotencyKey, hash, cancellationToken);
            if (winner is null)
            {
                throw;
            }

            return ToSession(winner);
        }

        return ToSession(row);
    }

    public async Task<CheckoutSession> GetCheckoutSessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var row = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken)
            ?? throw new PaymentNotFoundException($"No such checkout.session: '{sessionId}'.");
        return ToSession(row);
    }

    public async Task<PaymentRefund> RefundAsync(RefundRequest request, CancellationToken cancellationToken = default)
    {
        RequestValidation.Validate(request);
        var hash = RequestValidation.Fingerprint(request with { IdempotencyKey = null });
        if (request.IdempotencyKey is { } key && await FindRefundByKeyAsync(key, hash, cancellationToken) is { } replay)
        {
            return ToRefund(replay);
        }

        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            return await strategy.ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.PaymentIntentId == request.PaymentIntentId, cancellationToken)
                    ?? throw new PaymentNotFoundException($"No such payment_intent: '{request.PaymentIntentId}'.");
                if (session.PaymentStatus != "paid" || session.ChargeId is null)
                {
                    throw new PaymentInvalidRequestException(
                        $"PaymentIntent {session.PaymentIntentId} has no successful charge to refund.", "charge_not_captured", "payment_intent");
                }

                var amount = request.AmountPence ?? session.AmountTotal - session.AmountRefunded;

                // Conditional update: correct with many nodes refunding at once, no lock needed.
                var updated = amount <= 0 ? 0 : await db.Sessions
                    .Where(s => s.Id == session.Id && s.AmountRefunded + amount <= s.AmountTotal)
                    .ExecuteUpdateAsync(u => u.SetProperty(s => s.AmountRefunded, s => s.AmountRefunded + amount)
                        .SetProperty(s => s.Version, s => s.Version + 1), cancellationToken);
                if (updated == 0)
                {
                    var current = await db.Sessions.AsNoTracking().Where(s => s.Id == session.Id).Select(s => s.AmountTotal - s.AmountRefunded)
                        .FirstAsync(cancellationToken);
                    throw new RefundExceedsCapturedAmountException(
                        $"Refund amount ({amount}) is greater than the amount left to refund ({current}) on {session.PaymentIntentId}.", current);
                }

                var after = await db.Sessions.AsNoTracking().FirstAsync(s => s.Id == session.Id, cancellationToken);
                var now = time.GetUtcNow();
                var refund = new SandboxRefundRow
                {
                    Id = SandboxEvents.NewId("re_"),
                    SessionId = session.Id,
                    PaymentIntentId = session.PaymentIntentId!,
                    ChargeId = session.ChargeId,
                    Amount = amount,
                    Currency = session.Currency,
                    Reason = request.Reason,
                    Status = "succeeded",
                    MetadataJson = JsonSerializer.Serialize(request.Metadata ?? new Dictionary<string, string>()),
                    IdempotencyKey = request.IdempotencyKey,
                    RequestHash = request.IdempotencyKey is null ? null : hash,
                    CreatedAt = now,
                };
                db.Refunds.Add(refund);
                db.Events.Add(SandboxEvents.ChargeRefunded(after, now));
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                signal.Notify();
                return ToRefund(refund);
            });
        }
        catch (DbUpdateException) when (request.IdempotencyKey is not null)
        {
            // Lost the race on the idempotency key; the transaction (and its amount) rolled back.
            db.ChangeTracker.Clear();
            var winner = await FindRefundByKeyAsync(request.IdempotencyKey, hash, cancellationToken);
            if (winner is null)
            {
                throw;
            }

            return ToRefund(winner);
        }
    }

    /// <summary>Loads a session for the hosted page, expiring it first if its time has passed.</summary>
    public async Task<SandboxSessionRow?> LoadForPageAsync(string sessionId, CancellationToken cancellationToken)
    {
        var row = await db.Sessions.FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (row is { Status: "open" } && time.GetUtcNow() >= row.ExpiresAt && !await TryExpireAsync(db, row, time.GetUtcNow(), cancellationToken))
        {
            db.ChangeTracker.Clear();
            row = await db.Sessions.FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        }

        return row;
    }

    /// <summary>
    /// Expires an open session and emits <c>checkout.session.expired</c> in the same commit; false when another
    /// request or node changed the session first (optimistic concurrency on <c>version</c>).
    /// </summary>
    public static async Task<bool> TryExpireAsync(PaymentsDbContext db, SandboxSessionRow row, DateTimeOffset now, CancellationToken cancellationToken)
    {
        row.Status = "expired";
        row.Version++;
        db.Events.Add(SandboxEvents.CheckoutSessionExpired(row, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    /// <summary>A card submission from the hosted page.</summary>
    public async Task<PayOutcome> PayAsync(string sessionId, string? formToken, string? number, string? expiry, string? cvc, string requestBaseUrl, CancellationToken cancellationToken)
    {
        var session = await LoadForPageAsync(sessionId, cancellationToken);
        if (session is null)
        {
            return new PayOutcome(PayResult.NotFound, null);
        }

        // The unguessable session id is the secret of the hosted page; the form token only catches a stale page,
        // so a direct form post without one (curl, the contract's cardNumber post) is accepted.
        if (!string.IsNullOrEmpty(formToken) && !FixedTimeEquals(formToken, session.FormToken))
        {
            return new PayOutcome(PayResult.BadFormToken, session);
        }

        if (session.Status != "open")
        {
            return new PayOutcome(session.Status == "complete" ? PayResult.AlreadyCompleted : PayResult.Expired, session);
        }

        var now = time.GetUtcNow();
        var errors = SandboxCards.Validate(number, expiry, cvc, now, out var digits);
        if (errors.Count > 0)
        {
            return new PayOutcome(PayResult.InvalidCard, session, FieldErrors: errors);
        }

        var card = SandboxCards.OutcomeOf(digits);
        session.PaymentIntentId ??= SandboxEvents.NewId("pi_");
        session.WebhookUrl = settings.SandboxWebhookUrl ?? requestBaseUrl.TrimEnd('/') + settings.WebhookPath;
        session.Version++;
        if (card.Succeeds)
        {
            session.Status = "complete";
            session.PaymentStatus = "paid";
            session.ChargeId = SandboxEvents.NewId("ch_");
            session.CompletedAt = now;
            db.Events.Add(SandboxEvents.CheckoutSessionCompleted(session, now));
        }
        else
        {
            db.Events.Add(SandboxEvents.PaymentFailed(session, card, now));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone else paid (or expired) the session between our read and write: show its state now.
            db.ChangeTracker.Clear();
            var current = await db.Sessions.AsNoTracking().FirstAsync(s => s.Id == sessionId, cancellationToken);
            return new PayOutcome(current.Status == "expired" ? PayResult.Expired : PayResult.AlreadyCompleted, current);
        }

        signal.Notify();
        return new PayOutcome(card.Succeeds ? PayResult.Paid : PayResult.Declined, session, card);
    }

    private async Task<SandboxSessionRow?> FindSessionByKeyAsync(string key, string hash, CancellationToken cancellationToken)
    {
        var row = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.IdempotencyKey == key, cancellationToken);
        return row is null ? null
            : row.RequestHash == hash ? row
            : throw new PaymentIdempotencyException($"Keys for idempotent requests can only be used with the same parameters they were first used with. Key '{key}' was used for a different checkout session.");
    }

    private async Task<SandboxRefundRow?> FindRefundByKeyAsync(string key, string hash, CancellationToken cancellationToken)
    {
        var row = await db.Refunds.AsNoTracking().FirstOrDefaultAsync(r => r.IdempotencyKey == key, cancellationToken);
        return row is null ? null
            : row.RequestHash == hash ? row
            : throw new PaymentIdempotencyException($"Keys for idempotent requests can only be used with the same parameters they were first used with. Key '{key}' was used for a different refund.");
    }

    /// <summary>
    /// Where this app's events go: the configured URL, else the base address of the request that created the
    /// session (the product's own API) + the product's webhook path. The hosted page refreshes it on payment.
    /// </summary>
    private string? WebhookUrlFrom(HttpRequest? request) =>
        settings.SandboxWebhookUrl
        ?? (request is null ? null : $"{request.Scheme}://{request.Host}{request.PathBase}{settings.WebhookPath}");

    private static bool FixedTimeEquals(string? given, string expected) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));

    private CheckoutSession ToSession(SandboxSessionRow row)
    {
        var status = row.Status == "open" && time.GetUtcNow() >= row.ExpiresAt ? "expired" : row.Status;
        var path = $"{CheckoutPath}/{row.Id}";
        return new CheckoutSession(
            row.Id,
            status == "open" ? (settings.SandboxBaseUrl ?? "") + path : null,
            status,
            row.PaymentStatus,
            row.AmountTotal,
            row.Currency,
            row.ClientReferenceId,
            row.PaymentIntentId,
            row.ExpiresAt,
            SandboxEvents.ReadMetadata(row.MetadataJson));
    }

    private static PaymentRefund ToRefund(SandboxRefundRow row) => new(row.Id, row.Status, row.Amount, row.Currency, row.PaymentIntentId);
}
