using QRCoder;

namespace Nots.Web.Site;

/// <summary>A QR code as inline SVG (scales with the page; no image request, no script).</summary>
internal static class QrCode
{
    public static string Svg(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(4, "#000000", "#ffffff", true, SvgQRCode.SizingMode.ViewBoxAttribute);
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);

        // Decorative to assistive technology: the figure around it carries the text alternative.
        return "<svg aria-hidden=\"true\" focusable=\"false\"" + svg[(start + 4)..];
    }
}
