using System.Globalization;
using Platform.Documents;
using NovaTech.Fulfillment.Domain;

namespace NovaTech.Fulfillment.Features.PackingSlip;

/// <summary>An A4 packing slip for one shipment: ship-to address, carrier and tracking number, and what is in the box.</summary>
internal static class PackingSlipDocument
{
    private const double Left = 50;
    private const double Right = TextPdf.PageWidth - 50;
    private const double Bottom = TextPdf.PageHeight - 60;
    private static readonly CultureInfo Uk = CultureInfo.GetCultureInfo("en-GB");
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static byte[] Render(Shipment shipment)
    {
        ArgumentNullException.ThrowIfNull(shipment);
        var pdf = new TextPdf();
        var y = 60.0;
        pdf.Text(Left, y, "NovaTech", 20, bold: true);
        pdf.Text(Right - 95, y, "PACKING SLIP", 11, bold: true);
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
            pdf.Text(Left, y, line);
            y += 15;
        }

        y += 15;
        pdf.Text(Left, y, "Deliver to", 11, bold: true);
        y += 16;
        var to = shipment.Recipient;
        foreach (var line in new[] { to.Name, to.Line1, to.Line2, to.City, to.Postcode, to.Country }.Where(l => !string.IsNullOrWhiteSpace(l)))
        {
            pdf.Text(Left, y, line!);
            y += 14;
        }

        y += 20;
        y = Header(pdf, y);
        foreach (var item in shipment.Lines)
        {
            if (y > Bottom)
            {
                pdf.NewPage();
                y = Header(pdf, 60);
            }

            pdf.Text(Left, y, Fit(item.Sku, 24));
            pdf.Text(Left + 130, y, Fit(item.Name, 60));
            pdf.TextRight(Right, y, item.Quantity.ToString(CultureInfo.InvariantCulture));
            y += 16;
        }

        pdf.Line(Left, y - 8, Right, y - 8);
        y += 8;
        var units = shipment.Lines.Sum(l => l.Quantity);
        pdf.Text(Left, y, string.Create(Uk, $"{units} item{(units == 1 ? "" : "s")} in this parcel. Questions? Reply to your dispatch email quoting {shipment.OrderNumber}."));
        return pdf.ToBytes($"Packing slip {shipment.OrderNumber}", "NovaTech");
    }

    private static double Header(TextPdf pdf, double y)
    {
        pdf.Text(Left, y, "SKU", 11, bold: true);
        pdf.Text(Left + 130, y, "Item", 11, bold: true);
        pdf.Text(Right - 22, y, "Qty", 11, bold: true);
        pdf.Line(Left, y + 6, Right, y + 6);
        return y + 22;
    }

    private static string Fit(string value, int max) => value.Length <= max ? value : value[..(max - 1)] + "…";
}
