using System.Globalization;
using Platform.Documents;
using NovaTech.Ordering.Domain;
using NovaTech.Ordering.Features.Orders;

namespace NovaTech.Ordering.Invoices;

/// <summary>
/// The VAT invoice of a paid order as a PDF: seller, invoice number and date (Europe/London), delivery address, lines
/// with quantity, unit price, VAT rate and total, delivery, and the VAT breakdown per rate. Prices are VAT-inclusive;
/// VAT is the amount contained in each line, rounded per line.
/// </summary>
internal static class InvoiceDocument
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private static readonly CultureInfo UkCulture = CultureInfo.GetCultureInfo("en-GB");

    public static byte[] Render(Order order)
    {
        var pdf = new TextPdf(fontSize: 9);
        const double left = 50;
        const double right = TextPdf.PageWidth - 50;
        double y = 60;
        pdf.Text(left, y, "NovaTech", 18, bold: true);
        pdf.TextRight(right, y, "VAT INVOICE", 11, bold: true);
        y += 18;
        foreach (var line in new[] { "NovaTech Ltd, 1 Example Street, London EC1A 1BB", "VAT registration GB 123 4567 89" })
        {
            pdf.Text(left, y, line);
            y += 12;
        }

        y += 12;
        var invoiceDate = TimeZoneInfo.ConvertTime(order.PaidAt ?? order.PlacedAt, London);
        pdf.Text(left, y, $"Invoice {order.Number}", 10, bold: true);
        pdf.TextRight(right, y, string.Create(UkCulture, $"Date {invoiceDate:d MMMM yyyy}"));
        y += 16;
        var address = order.ShippingAddress;
        foreach (var line in new[] { "Deliver to:", address.Name, address.Line1, address.Line2, $"{address.City} {address.Postcode}", address.Country, order.Email })
        {
            if (!string.IsNullOrEmpty(line))
            {
                pdf.Text(left, y, line);
                y += 12;
            }
        }

        y += 14;
        double[] ends = [0, left + 300, left + 370, left + 420, right];
        pdf.Text(left, y, "Item", bold: true);
        string[] headers = ["", "Qty", "Unit", "VAT", "Total"];
        for (var i = 1; i < headers.Length; i++)
        {
            pdf.TextRight(ends[i], y, headers[i], bold: true);
        }

        y += 6;
        pdf.Line(left, y, right, y);
        y += 12;
        foreach (var line in order.Lines.OrderBy(l => l.LineNumber))
        {
            var name = $"{line.ProductName} {line.VariantName}".Trim();
            pdf.Text(left, y, name.Length > 52 ? name[..51] + "..." : name);
            pdf.TextRight(ends[1], y, line.Quantity.ToString(CultureInfo.InvariantCulture));
            pdf.TextRight(ends[2], y, Money(line.UnitPricePence));
            pdf.TextRight(ends[3], y, Rate(line.VatRateBasisPoints));
            pdf.TextRight(ends[4], y, Money(line.LineTotalPence));
            y += 14;
        }

        if (order.ShippingPence > 0)
        {
            pdf.Text(left, y, $"Delivery ({order.ShippingMethod})");
            pdf.TextRight(ends[3], y, Rate(Vat.StandardRateBasisPoints));
            pdf.TextRight(ends[4], y, Money(order.ShippingPence));
            y += 14;
        }

        pdf.Line(left, y - 8, right, y - 8);
        y += 6;
        pdf.Text(left, y, "Total (VAT included)", bold: true);
        pdf.TextRight(ends[4], y, Money(order.TotalPence), bold: true);
        y += 26;

        pdf.Text(left, y, "VAT breakdown", 10, bold: true);
        y += 14;
        double[] vatEnds = [left + 60, left + 160, left + 260, left + 360];
        string[] vatHeaders = ["Rate", "Net", "VAT", "Gross"];
        for (var i = 0; i < vatHeaders.Length; i++)
        {
            pdf.TextRight(vatEnds[i], y, vatHeaders[i], bold: true);
        }

        y += 14;
        foreach (var vat in OrderEndpoints.VatBreakdown(order))
        {
            pdf.TextRight(vatEnds[0], y, Rate(vat.RateBasisPoints));
            pdf.TextRight(vatEnds[1], y, Money(vat.NetPence));
            pdf.TextRight(vatEnds[2], y, Money(vat.VatPence));
            pdf.TextRight(vatEnds[3], y, Money(vat.GrossPence));
            y += 14;
        }

        if (order.RefundedPence > 0)
        {
            y += 10;
            pdf.Text(left, y, $"Refunded: {Money(order.RefundedPence)}");
        }

        return pdf.ToBytes($"Invoice {order.Number}", "NovaTech");
    }

    private static string Money(long pence) => string.Create(UkCulture, $"£{pence / 100m:N2}");

    private static string Rate(int basisPoints) => string.Create(CultureInfo.InvariantCulture, $"{basisPoints / 100m:0.##}%");
}
