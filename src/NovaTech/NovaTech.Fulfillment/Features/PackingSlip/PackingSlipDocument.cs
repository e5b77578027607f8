using System.Globalization;
using NovaTech.Fulfillment.Domain;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using PdfSharp.WPFonts;

namespace NovaTech.Fulfillment.Features.PackingSlip;

/// <summary>An A4 packing slip for one shipment: ship-to address, carrier and tracking number, and what is in the box.</summary>
internal static class PackingSlipDocument
{
    private static readonly Lock FontLock = new();
    private static readonly CultureInfo Uk = CultureInfo.GetCultureInfo("en-GB");
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static byte[] Render(Shipment shipment)
    {
        ArgumentNullException.ThrowIfNull(shipment);
        EnsureFonts();
        using var document = new PdfDocument();
        document.Info.Title = $"Packing slip {shipment.OrderNumber}";
        document.Info.Author = "NovaTech";
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            var title = new XFont("Segoe WP", 20, XFontStyleEx.Bold);
            var heading = new XFont("Segoe WP", 11, XFontStyleEx.Bold);
            var text = new XFont("Segoe WP", 10, XFontStyleEx.Regular);
            const double left = 50;
            var right = page.Width.Point - 50;
            var y = 60.0;

            gfx.DrawString("NovaTech", title, XBrushes.Black, left, y);
            gfx.DrawString("PACKING SLIP", heading, XBrushes.Black, new XRect(left, y - 14, right - left, 16), XStringFormats.TopRight);
            y += 30;
            var dispatched = TimeZoneInfo.ConvertTime(shipment.CreatedAt, London).ToString("d MMMM yyyy, HH:mm", Uk);
            foreach (var line in new[]
            {
                $"Order: {shipment.OrderNumber}",
                $"Shipment: {shipment.Id}",
                $"Dispatched: {dispatched} from warehouse {shipment.Warehouse}",
                $"Carrier: {shipment.CarrierInfo.Name}, tracking number {shipment.TrackingNumber}",
            })
            {
                gfx.DrawString(line, text, XBrushes.Black, left, y);
                y += 15;
            }

            y += 15;
            gfx.DrawString("Deliver to", heading, XBrushes.Black, left, y);
            y += 16;
            var to = shipment.Recipient;
            foreach (var line in new[] { to.Name, to.Line1, to.Line2, to.City, to.Postcode, to.Country }.Where(l => !string.IsNullOrWhiteSpace(l)))
            {
                gfx.DrawString(line!, text, XBrushes.Black, left, y);
                y += 14;
            }

            y += 20;
            double[] columns = [left, left + 130, right - 60];
            gfx.DrawString("SKU", heading, XBrushes.Black, columns[0], y);
            gfx.DrawString("Item", heading, XBrushes.Black, columns[1], y);
            gfx.DrawString("Qty", heading, XBrushes.Black, new XRect(columns[2], y - 10, right - columns[2], 12), XStringFormats.TopRight);
            y += 6;
            gfx.DrawLine(XPens.Black, left, y, right, y);
            y += 16;
            foreach (var item in shipment.Lines)
            {
                gfx.DrawString(Fit(item.Sku, 22), text, XBrushes.Black, columns[0], y);
                gfx.DrawString(Fit(item.Name, 60), text, XBrushes.Black, columns[1], y);
                gfx.DrawString(item.Quantity.ToString(Uk), text, XBrushes.Black, new XRect(columns[2], y - 9, right - columns[2], 12), XStringFormats.TopRight);
                y += 16;
            }

            gfx.DrawLine(XPens.Black, left, y - 8, right, y - 8);
            y += 8;
            var units = shipment.Lines.Sum(l => l.Quantity);
            gfx.DrawString(string.Create(Uk, $"{units} item{(units == 1 ? "" : "s")} in this parcel. Questions? Reply to your dispatch email quoting {shipment.OrderNumber}."),
                text, XBrushes.Black, left, y);
        }

        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    private static string Fit(string value, int max) => value.Length <= max ? value : value[..(max - 1)] + "…";

    // PdfSharp's Core build finds no system fonts on Linux; the Segoe WP faces it ships render the same everywhere.
    // Any family resolves to them, so whichever module installs its resolver first, everyone's documents render.
    private static void EnsureFonts()
    {
        lock (FontLock)
        {
            GlobalFontSettings.FontResolver ??= new BundledFontResolver();
        }
    }

    private sealed class BundledFontResolver : IFontResolver
    {
        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
            new(bold ? "SegoeWP-Bold" : "SegoeWP", false, italic);

        public byte[]? GetFont(string faceName) => faceName == "SegoeWP-Bold" ? FontDataHelper.SegoeWPBold : FontDataHelper.SegoeWP;
    }
}
