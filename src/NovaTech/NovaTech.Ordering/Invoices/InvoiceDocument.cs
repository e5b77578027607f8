using System.Globalization;
using NovaTech.Ordering.Domain;
using NovaTech.Ordering.Features.Orders;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using PdfSharp.WPFonts;

namespace NovaTech.Ordering.Invoices;

/// <summary>
/// The VAT invoice of a paid order as a PDF (PdfSharp 6.5): seller, invoice number and date, delivery address, lines
/// with unit price, quantity, VAT rate and amount, delivery, and the VAT breakdown per rate. Prices are VAT-inclusive;
/// VAT is the amount contained in each line, rounded per line.
/// </summary>
internal static class InvoiceDocument
{
    private const string Family = "Segoe WP";
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private static readonly CultureInfo UkCulture = CultureInfo.GetCultureInfo("en-GB");
    private static readonly Lock FontLock = new();

    public static byte[] Render(Order order)
    {
        EnsureFonts();
        using var document = new PdfDocument();
        document.Info.Title = $"Invoice {order.Number}";
        document.Info.Author = "NovaTech";
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            var title = new XFont(Family, 18, XFontStyleEx.Bold);
            var bold = new XFont(Family, 9, XFontStyleEx.Bold);
            var text = new XFont(Family, 9, XFontStyleEx.Regular);
            double left = 50, right = page.Width.Point - 50, y = 60;

            gfx.DrawString("NovaTech", title, XBrushes.Black, left, y);
            gfx.DrawString("VAT INVOICE", bold, XBrushes.Black, new XRect(left, y - 14, right - left, 14), XStringFormats.TopRight);
            y += 20;
            foreach (var line in new[] { "NovaTech Ltd, 1 Example Street, London EC1A 1BB", "VAT registration GB 123 4567 89" })
            {
                gfx.DrawString(line, text, XBrushes.Black, left, y);
                y += 12;
            }

            y += 10;
            var invoiceDate = TimeZoneInfo.ConvertTime(order.PaidAt ?? order.PlacedAt, London);
            gfx.DrawString($"Invoice {order.Number}", bold, XBrushes.Black, left, y);
            gfx.DrawString(string.Create(UkCulture, $"Date {invoiceDate:d MMMM yyyy}"), text, XBrushes.Black, new XRect(left, y - 9, right - left, 12), XStringFormats.TopRight);
            y += 16;
            var address = order.ShippingAddress;
            foreach (var line in new[] { "Deliver to:", address.Name, address.Line1, address.Line2, $"{address.City} {address.Postcode}", address.Country, order.Email })
            {
                if (!string.IsNullOrEmpty(line))
                {
                    gfx.DrawString(line, text, XBrushes.Black, left, y);
                    y += 12;
                }
            }

            y += 14;
            double[] columns = [left, left + 250, left + 300, left + 370, left + 420];
            string[] headers = ["Item", "Qty", "Unit", "VAT", "Total"];
            for (var i = 0; i < headers.Length; i++)
            {
                Cell(gfx, headers[i], bold, columns, i, right, y);
            }

            y += 6;
            gfx.DrawLine(XPens.Gray, left, y, right, y);
            y += 12;
            foreach (var line in order.Lines.OrderBy(l => l.LineNumber))
            {
                var name = $"{line.ProductName} {line.VariantName}".Trim();
                Cell(gfx, name.Length > 48 ? name[..47] + "…" : name, text, columns, 0, right, y);
                Cell(gfx, line.Quantity.ToString(CultureInfo.InvariantCulture), text, columns, 1, right, y);
                Cell(gfx, Money(line.UnitPricePence), text, columns, 2, right, y);
                Cell(gfx, Rate(line.VatRateBasisPoints), text, columns, 3, right, y);
                Cell(gfx, Money(line.LineTotalPence), text, columns, 4, right, y);
                y += 14;
            }

            if (order.ShippingPence > 0)
            {
                Cell(gfx, $"Delivery ({order.ShippingMethod})", text, columns, 0, right, y);
                Cell(gfx, Rate(Vat.StandardRateBasisPoints), text, columns, 3, right, y);
                Cell(gfx, Money(order.ShippingPence), text, columns, 4, right, y);
                y += 14;
            }

            gfx.DrawLine(XPens.Gray, left, y - 8, right, y - 8);
            y += 6;
            Cell(gfx, "Total (VAT included)", bold, columns, 0, right, y);
            Cell(gfx, Money(order.TotalPence), bold, columns, 4, right, y);
            y += 24;

            gfx.DrawString("VAT breakdown", bold, XBrushes.Black, left, y);
            y += 14;
            string[] vatHeaders = ["Rate", "Net", "VAT", "Gross"];
            double[] vatColumns = [left, left + 100, left + 200, left + 300];
            for (var i = 0; i < vatHeaders.Length; i++)
            {
                gfx.DrawString(vatHeaders[i], bold, XBrushes.Black, vatColumns[i], y);
            }

            y += 14;
            foreach (var vat in OrderEndpoints.VatBreakdown(order))
            {
                gfx.DrawString(Rate(vat.RateBasisPoints), text, XBrushes.Black, vatColumns[0], y);
                gfx.DrawString(Money(vat.NetPence), text, XBrushes.Black, vatColumns[1], y);
                gfx.DrawString(Money(vat.VatPence), text, XBrushes.Black, vatColumns[2], y);
                gfx.DrawString(Money(vat.GrossPence), text, XBrushes.Black, vatColumns[3], y);
                y += 14;
            }

            if (order.RefundedPence > 0)
            {
                y += 10;
                gfx.DrawString($"Refunded: {Money(order.RefundedPence)}", text, XBrushes.Black, left, y);
            }
        }

        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    private static void Cell(XGraphics gfx, string value, XFont font, double[] columns, int index, double right, double y)
    {
        if (index == 0)
        {
            gfx.DrawString(value, font, XBrushes.Black, columns[0], y);
            return;
        }

        var end = index + 1 < columns.Length ? columns[index + 1] - 8 : right;
        gfx.DrawString(value, font, XBrushes.Black, new XRect(columns[index], y - 9, end - columns[index], 12), XStringFormats.TopRight);
    }

    private static string Money(long pence) => string.Create(UkCulture, $"£{pence / 100m:N2}");

    private static string Rate(int basisPoints) => string.Create(CultureInfo.InvariantCulture, $"{basisPoints / 100m:0.##}%");

    // PdfSharp's Core build has no system fonts on Linux; the Segoe WP faces it ships make output identical everywhere.
    private static void EnsureFonts()
    {
        lock (FontLock)
        {
            GlobalFontSettings.FontResolver ??= new EmbeddedFontResolver();
        }
    }

    private sealed class EmbeddedFontResolver : IFontResolver
    {
        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
            new(bold ? "SegoeWP-Bold" : "SegoeWP", false, italic);

        public byte[]? GetFont(string faceName) => faceName == "SegoeWP-Bold" ? FontDataHelper.SegoeWPBold : FontDataHelper.SegoeWP;
    }
}
