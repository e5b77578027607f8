using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Payments.Data;

namespace Platform.Payments.Sandbox;

/// <summary>
/// The Sandbox's hosted payment page: plain HTML, no JavaScript, one form. The unguessable session id plus a
/// per-session form token stand in for antiforgery (the page is anonymous and holds no cookie session).
/// </summary>
internal static class SandboxCheckoutPage
{
    public static async Task<IResult> GetAsync(string sessionId, SandboxPaymentProvider sandbox, CancellationToken cancellationToken)
    {
        var session = await sandbox.LoadForPageAsync(sessionId, cancellationToken);
        return session switch
        {
            null => Page(StatusCodes.Status404NotFound, "Payment not found", "<p>This payment link is not valid.</p>"),
            { Status: "complete" } => AlreadyPaid(session),
            { Status: "expired" } => Expired(session),
            _ => Form(session, StatusCodes.Status200OK, null, null, null),
        };
    }

    private static string FirstOf(IFormCollection form, params string[] names) =>
        names.Select(name => form[name].ToString()).FirstOrDefault(value => value.Length > 0) ?? "";

    public static async Task<IResult> PostAsync(string sessionId, HttpRequest request, SandboxPaymentProvider sandbox, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return Page(StatusCodes.Status415UnsupportedMediaType, "Unsupported request", "<p>Submit the payment form.</p>");
        }

        var form = await request.ReadFormAsync(cancellationToken);
        // The page posts card_number; API clients (curl) may post cardNumber as the contract names it.
        var number = FirstOf(form, "card_number", "cardNumber");
        var expiry = FirstOf(form, "expiry", "expiryDate");
        var baseUrl = $"{request.Scheme}://{request.Host}{request.PathBase}";
        var outcome = await sandbox.PayAsync(sessionId, form["form_token"].ToString(), number, expiry, form["cvc"].ToString(), baseUrl, cancellationToken);
        var values = new Dictionary<string, string> { ["card_number"] = number, ["expiry"] = expiry };
        return outcome.Result switch
        {
            PayResult.Paid => new SeeOtherResult(outcome.Session!.SuccessUrl),
            PayResult.Declined => Form(outcome.Session!, StatusCodes.Status422UnprocessableEntity, outcome.Card!.Message, null, values),
            PayResult.InvalidCard => Form(outcome.Session!, StatusCodes.Status422UnprocessableEntity, null, outcome.FieldErrors, values),
            PayResult.AlreadyCompleted => AlreadyPaid(outcome.Session!),
            PayResult.Expired => Expired(outcome.Session!),
            PayResult.BadFormToken => Page(StatusCodes.Status400BadRequest, "Payment form out of date",
                $"<p>This payment form is out of date. <a href=\"{Attr(SandboxPaymentProvider.CheckoutPath + "/" + sessionId)}\">Reload the payment page</a> and try again.</p>"),
            _ => Page(StatusCodes.Status404NotFound, "Payment not found", "<p>This payment link is not valid.</p>"),
        };
    }

    private static ContentHttpResult AlreadyPaid(SandboxSessionRow session) =>
        Page(StatusCodes.Status409Conflict, "Already paid",
            $"<p>This payment of {Amount(session)} has already been made.</p><p><a href=\"{Attr(session.SuccessUrl)}\">Continue</a></p>");

    private static ContentHttpResult Expired(SandboxSessionRow session) =>
        Page(StatusCodes.Status410Gone, "Payment link expired",
            $"<p>This payment link has expired. Nothing was charged.</p><p><a href=\"{Attr(session.CancelUrl)}\">Return to the shop</a></p>");

    private static ContentHttpResult Form(SandboxSessionRow session, int status, string? declineMessage, Dictionary<string, string>? errors, Dictionary<string, string>? values)
    {
        var html = new StringBuilder();
        var lines = JsonSerializer.Deserialize<List<CheckoutLineItem>>(session.LineItemsJson) ?? [];
        html.Append("<p class=\"amount\">Pay <strong>").Append(Text(Amount(session))).Append("</strong></p>");
        html.Append("<p class=\"description\">").Append(Text(session.Description)).Append("</p>");
        if (lines.Count > 1 || (lines.Count == 1 && lines[0].Name != session.Description))
        {
            html.Append("<ul class=\"lines\">");
            foreach (var line in lines)
            {
                html.Append("<li>").Append(Text(line.Name)).Append(" × ").Append(line.Quantity.ToString(CultureInfo.InvariantCulture))
                    .Append(" — ").Append(Text(Money(line.UnitAmountPence * line.Quantity, session.Currency))).Append("</li>");
            }

            html.Append("</ul>");
        }

        if (declineMessage is not null || errors is { Count: > 0 })
        {
            html.Append("<div role=\"alert\" class=\"error\" id=\"error-summary\">");
            if (declineMessage is not null)
            {
                html.Append("<p>").Append(Text(declineMessage)).Append(" Try another card.</p>");
            }
            else
            {
                html.Append("<p>There is a problem with your card details:</p><ul>");
                foreach (var (field, message) in errors!)
                {
                    html.Append("<li><a href=\"#").Append(field).Append("\">").Append(Text(message)).Append("</a></li>");
                }

                html.Append("</ul>");
            }

            html.Append("</div>");
        }

        html.Append("<form method=\"post\" action=\"").Append(Attr(SandboxPaymentProvider.CheckoutPath + "/" + session.Id)).Append("\" novalidate>");
        html.Append("<input type=\"hidden\" name=\"form_token\" value=\"").Append(Attr(session.FormToken)).Append("\">");
        if (session.CustomerEmail is { } email)
        {
            html.Append("<p>Receipt to <strong>").Append(Text(email)).Append("</strong></p>");
        }

        Field(html, "card_number", "Card number", "cc-number", "numeric", "1234 1234 1234 1234", values, errors);
        Field(html, "expiry", "Expiry (MM/YY)", "cc-exp", "numeric", "MM/YY", values, errors);
        Field(html, "cvc", "CVC", "cc-csc", "numeric", "123", null, errors);
        html.Append("<button type=\"submit\">Pay ").Append(Text(Amount(session))).Append("</button>");
        html.Append("</form>");
        html.Append("<p><a href=\"").Append(Attr(session.CancelUrl)).Append("\">Cancel and return</a></p>");
        html.Append("<p class=\"hint\">Sandbox: no real card is charged. Test cards: 4242 4242 4242 4242 succeeds, ")
            .Append("4000 0000 0000 0002 is declined, 4000 0000 0000 9995 has insufficient funds.</p>");
        return Page(status, "Pay " + Amount(session), html.ToString());
    }

    private static void Field(StringBuilder html, string name, string label, string autocomplete, string inputMode, string placeholder,
        Dictionary<string, string>? values, Dictionary<string, string>? errors)
    {
        var error = errors?.GetValueOrDefault(name);
        html.Append("<div class=\"field\"><label for=\"").Append(name).Append("\">").Append(Text(label)).Append("</label>");
        if (error is not null)
        {
            html.Append("<span class=\"field-error\" id=\"").Append(name).Append("-error\">").Append(Text(error)).Append("</span>");
        }

        html.Append("<input id=\"").Append(name).Append("\" name=\"").Append(name).Append("\" type=\"text\" inputmode=\"").Append(inputMode)
            .Append("\" autocomplete=\"").Append(autocomplete).Append("\" placeholder=\"").Append(Attr(placeholder)).Append("\" required");
        if (values?.GetValueOrDefault(name) is { Length: > 0 } value)
        {
            html.Append(" value=\"").Append(Attr(value)).Append('"');
        }

        if (error is not null)
        {
            html.Append(" aria-invalid=\"true\" aria-describedby=\"").Append(name).Append("-error\"");
        }

        html.Append("></div>");
    }

    private static ContentHttpResult Page(int status, string title, string body)
    {
        var html = $$"""
            <!DOCTYPE html>
            <html lang="en-GB">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex">
            <title>{{Text(title)}} · Sandbox checkout</title>
            <style>
            body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
            .field{margin:1rem 0}label{display:block;font-weight:600;margin-bottom:.25rem}
            input{font-size:1.1rem;padding:.5rem;width:100%;box-sizing:border-box;border:1px solid #666;border-radius:4px}
            input[aria-invalid=true]{border:2px solid #b00020}.field-error{display:block;color:#b00020}
            .error{border:2px solid #b00020;padding:.5rem 1rem;margin:1rem 0}button{font-size:1.1rem;padding:.6rem 1.5rem;background:#0a2540;color:#fff;border:0;border-radius:4px}
            .amount{font-size:1.5rem}.hint{color:#555;font-size:.85rem}
            </style>
            </head>
            <body>
            <main>
            <h1>{{Text(title)}}</h1>
            {{body}}
            </main>
            </body>
            </html>
            """;
        return TypedResults.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    private static string Amount(SandboxSessionRow session) => Money(session.AmountTotal, session.Currency);

    internal static string Money(long minor, string currency)
    {
        var major = (minor / 100m).ToString("N2", CultureInfo.InvariantCulture);
        return currency switch
        {
            "gbp" => "£" + major,
            "eur" => "€" + major,
            "usd" => "$" + major,
            _ => major + " " + currency.ToUpperInvariant(),
        };
    }

    // Only the five markup characters: the page is UTF-8, so £ and names in any script stay readable.
    private static string Text(string value) => value
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal)
        .Replace("'", "&#39;", StringComparison.Ordinal);

    private static string Attr(string value) => Text(value);

    /// <summary>303 See Other: after a POST the browser GETs the success URL.</summary>
    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
