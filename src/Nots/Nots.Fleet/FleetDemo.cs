using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nots.Fleet.Compliance;
using Nots.Fleet.Data;
using Nots.Fleet.Domain;
using Platform.Identity;
using Platform.Storage;

namespace Nots.Fleet;

/// <summary>Demo drivers, vehicles and documents (see <see cref="FleetModule.SeedFleetDemoAsync"/>).</summary>
internal static class FleetDemo
{
    private sealed record DemoDriver(string Email, string Name, string Phone, string Licence, string Badge, bool OnDuty);

    private sealed record DemoVehicle(string Registration, string Make, string Model, string Colour, string Class, int Seats, int Suitcases, string Plate);

    private static readonly DemoDriver[] Drivers =
    [
        new("driver@nots.demo", "Dan Hughes", "+447700900101", "HUGHE801155D99AB", "PHD-0101", true),
        new("driver2@nots.demo", "Priya Shah", "+447700900102", "SHAH9856223P99CD", "PHD-0102", true),
        new("driver3@nots.demo", "Tom Barnes", "+447700900103", "BARNE704089T99EF", "PHD-0103", true),
        new("driver4@nots.demo", "Sarah Wells", "+447700900104", "WELLS962117S99GH", "PHD-0104", true),
        new("driver5@nots.demo", "Mark Ellis", "+447700900105", "ELLIS803305M99JK", "PHD-0105", false),
        new("driver6@nots.demo", "Kate Fowler", "+447700900106", "FOWLE855250K99LM", "PHD-0106", true),
    ];

    private static readonly DemoVehicle[] Vehicles =
    [
        new("HF71 ABC", "Toyota", "Corolla", "Silver", "saloon", 4, 2, "PHV-1001"),
        new("HJ69 KLM", "Skoda", "Superb Estate", "Black", "estate", 4, 4, "PHV-1002"),
        new("LD70 XYZ", "Mercedes-Benz", "E-Class", "Black", "executive", 4, 3, "PHV-1003"),
        new("HF20 MPV", "Ford", "Galaxy", "Blue", "mpv6", 6, 5, "PHV-1004"),
        new("WP19 VAN", "Mercedes-Benz", "Vito Tourer", "Grey", "mpv8", 8, 8, "PHV-1005"),
        new("HN18 OLD", "Toyota", "Prius", "White", "saloon", 4, 2, "PHV-1006"),
    ];

    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FleetDemo));
        var password = services.GetRequiredService<IConfiguration>()["Demo:Password"];
        var db = services.GetRequiredService<FleetDbContext>();
        if (string.IsNullOrEmpty(password) || await db.Drivers.AnyAsync(cancellationToken))
        {
            return;
        }

        var accounts = services.GetRequiredService<IAccounts>();
        var store = services.GetRequiredService<IDocumentStore>();
        var time = services.GetRequiredService<TimeProvider>();
        var now = time.GetUtcNow();
        var today = FleetClock.Today(time);
        var files = new List<string>();

        var drivers = new List<Driver>();
        foreach (var d in Drivers)
        {
            var userId = await accounts.EnsureAsync(d.Email, password, d.Name, "driver", cancellationToken);
            var driver = Driver.Onboard(userId, d.Name, d.Email, d.Phone, d.Licence, d.Badge, today.AddYears(-2), "active", now);
            if (d.OnDuty)
            {
                driver.SetDuty(true, now);
            }

            drivers.Add(driver);
            db.Drivers.Add(driver);
            foreach (var type in DocumentTypes.Driver)
            {
                var (issued, expires) = type switch
                {
                    DocumentTypes.Dbs => (today.AddDays(-30), today.AddYears(3)),
                    DocumentTypes.Medical when driver.Name == "Priya Shah" => (today.AddYears(-3), today.AddDays(20)),
                    _ => (today.AddDays(-60), today.AddYears(2)),
                };
                db.Documents.Add(await VerifiedAsync(OwnerTypes.Driver, driver.Id, type, issued, expires, driver.Name));
            }
        }

        for (var i = 0; i < Vehicles.Length; i++)
        {
            var v = Vehicles[i];
            var vehicle = Vehicle.Register(v.Registration, v.Make, v.Model, v.Colour, v.Class, v.Seats, v.Suitcases, v.Plate, false, true, [drivers[i].Id], now);
            db.Vehicles.Add(vehicle);
            foreach (var type in DocumentTypes.Vehicle)
            {
                var (issued, expires) = type == DocumentTypes.Mot && v.Registration == "HN18 OLD"
                    ? (today.AddDays(-368), today.AddDays(-3))
                    : (today.AddDays(-90), today.AddYears(1));
                db.Documents.Add(await VerifiedAsync(OwnerTypes.Vehicle, vehicle.Id, type, issued, expires, v.Registration));
            }
        }

        // A renewal waiting for review, so the admin screens have something to do.
        var pending = await StoreAsync("medical renewal " + drivers[4].Name);
        db.Documents.Add(ComplianceDocument.Upload(OwnerTypes.Driver, drivers[4].Id, DocumentTypes.Medical, today.AddDays(-1), today.AddYears(3),
            pending.Key, pending.ContentType, pending.SizeBytes, pending.Sha256, "medical.pdf", drivers[4].UserId, now, today));

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Demo fleet seeded: {Drivers} drivers, {Vehicles} vehicles", Drivers.Length, Vehicles.Length);
        }
        catch (DbUpdateException)
        {
            // Another node seeded first; its rows stand, ours are dropped with our files.
            db.ChangeTracker.Clear();
            foreach (var key in files)
            {
                await store.DeleteAsync(key, cancellationToken);
            }
        }

        async Task<ComplianceDocument> VerifiedAsync(string ownerType, Guid ownerId, string type, DateOnly issued, DateOnly expires, string owner)
        {
            var stored = await StoreAsync($"{DocumentTypes.Label(type)} for {owner}");
            // Uploaded and checked the day after issue: an expired demo document was valid when it was verified.
            var checkedOn = issued.AddDays(1) < today ? issued.AddDays(1) : today;
            var document = ComplianceDocument.Upload(ownerType, ownerId, type, issued, expires, stored.Key, stored.ContentType, stored.SizeBytes,
                stored.Sha256, type + ".pdf", null, now, checkedOn);
            document.Verify(null, now, checkedOn);
            return document;
        }

        async Task<StoredDocument> StoreAsync(string text)
        {
            using var content = new MemoryStream(TinyPdf(text));
            var stored = await store.SaveAsync(content, new DocumentUpload("demo.pdf", DocumentType.ScannedDocuments, FleetOptions.MaxDocumentBytes, "compliance/demo"), cancellationToken);
            files.Add(stored.Key);
            return stored;
        }
    }

    /// <summary>A one-page PDF with a line of text: enough for a viewer and for the content sniffer.</summary>
    internal static byte[] TinyPdf(string text)
    {
        var safe = new string(text.Where(c => c is >= ' ' and <= '~' && c is not '(' and not ')' and not '\\').ToArray());
        var stream = $"BT /F1 12 Tf 20 50 Td (NOTS demo: {safe}) Tj ET";
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            $"<< /Length {stream.Length} >>\nstream\n{stream}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(System.Globalization.CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}
