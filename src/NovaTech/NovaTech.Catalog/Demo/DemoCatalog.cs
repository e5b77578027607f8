using System.Globalization;
using System.Text;

namespace NovaTech.Catalog.Demo;

/// <summary>A generated product, in the shape of the product API's request.</summary>
public sealed record DemoProduct(
    string Name,
    string Brand,
    string CategoryPath,
    string Description,
    IReadOnlyDictionary<string, string> Specs,
    IReadOnlyList<DemoVariant> Variants,
    string ImageUrl);

/// <summary>A generated variant: prices in pence including 20 % VAT.</summary>
public sealed record DemoVariant(string Sku, long PricePence, IReadOnlyDictionary<string, string> Attributes, int WeightGrams, string Gtin);

/// <summary>
/// A realistic UK consumer-electronics catalog generated in code: TVs, phones, laptops, tablets, headphones, speakers,
/// soundbars, cameras, lenses and accessories, with brands, model codes, specs, variants (colour, storage, memory,
/// capacity) and prices in pence including 20 % VAT. Deterministic for a seed; names, slugs and SKUs are unique for
/// any count (the model code carries the product number), so it can fill demos (hundreds) and benchmarks (200,000).
/// </summary>
public static class DemoCatalog
{
    private delegate DemoProduct Maker(Random random, int index);

    private static readonly (string Path, int Weight, Maker Make)[] Kinds =
    [
        ("TV & Video > Televisions", 16, Television),
        ("Phones > Smartphones", 16, Smartphone),
        ("Computing > Laptops", 14, Laptop),
        ("Computing > Tablets", 6, Tablet),
        ("Audio > Headphones", 12, Headphones),
        ("Audio > Speakers", 7, Speaker),
        ("Audio > Soundbars", 5, Soundbar),
        ("Cameras > Mirrorless Cameras", 5, Camera),
        ("Cameras > Lenses", 4, Lens),
        ("Accessories > Chargers & Cables", 8, Charger),
        ("Accessories > Memory Cards", 4, MemoryCard),
        ("Accessories > Phone Cases", 3, PhoneCase),
    ];

    private static readonly int[] TabletStorage = [64, 128, 256];
    private static readonly string[] TabletColours = ["Grey", "Silver"];
    private static readonly (int, int)[] CardCapacities = [(64, 1299), (128, 1999), (256, 3499), (512, 6999)];
    private static readonly string[] CableLengths = ["1 m", "2 m"];
    private static readonly string[] Colours = ["Black", "White", "Silver", "Graphite", "Blue", "Green", "Pink", "Midnight", "Titanium", "Red"];

    /// <summary>Generates <paramref name="count"/> products; the same seed gives the same catalog.</summary>
    public static IEnumerable<DemoProduct> Generate(int count, int seed = 20261121)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = new Random(seed);
        var total = Kinds.Sum(k => k.Weight);
        for (var i = 0; i < count; i++)
        {
            var pick = random.Next(total);
            foreach (var kind in Kinds)
            {
                if (pick < kind.Weight)
                {
                    yield return kind.Make(random, i);
                    break;
                }

                pick -= kind.Weight;
            }
        }
    }

    private static DemoProduct Television(Random r, int i)
    {
        var (brand, series, platform) = Pick(r, [
            ("Samsung", "Crystal UHD", "Tizen"), ("Samsung", "Neo QLED", "Tizen"), ("Samsung", "QLED Q80", "Tizen"),
            ("LG", "OLED evo C4", "webOS"), ("LG", "QNED", "webOS"), ("LG", "UR78", "webOS"),
            ("Sony", "Bravia 7", "Google TV"), ("Sony", "Bravia 8 OLED", "Google TV"), ("Panasonic", "MX800", "Fire TV"),
            ("Philips", "Ambilight PUS8", "Titan OS"), ("Hisense", "U7", "VIDAA"), ("TCL", "C805", "Google TV")]);
        var size = Pick(r, [43, 50, 55, 55, 65, 65, 75, 85]);
        var panel = series.Contains("OLED", StringComparison.Ordinal) ? "OLED" : series.Contains("QLED", StringComparison.Ordinal) ? "QLED" : Pick(r, ["LED", "Mini LED", "QLED"]);
        var eightK = r.Next(20) == 0 && size >= 65;
        var resolution = eightK ? "8K" : "4K";
        var refresh = Pick(r, [50, 60, 100, 120, 144]);
        var price = Round(size * (panel == "OLED" ? 3400 : panel == "Mini LED" ? 2200 : 1350) * (eightK ? 2.2 : 1.0) * (0.85 + (r.NextDouble() * 0.4)));
        var model = $"{Code(brand)}{size}{Letters(r, 2)}{i:D6}";
        var name = $"{brand} {series} {size}\" {resolution} {panel} Smart TV {model}";
        var specs = Specs(
            ("Screen size", $"{size} in"), ("Resolution", resolution == "8K" ? "8K Ultra HD" : "4K Ultra HD"), ("Panel type", panel),
            ("Refresh rate", $"{refresh} Hz"), ("HDR", Pick(r, ["HDR10", "HDR10+", "Dolby Vision", "Dolby Vision IQ"])),
            ("Smart platform", platform), ("HDMI ports", $"{Pick(r, [3, 4])}"), ("Freeview Play", "Yes"),
            ("Energy class", Pick(r, ["E", "F", "G"])), ("Weight", $"{Math.Round(size * 0.28, 1).ToString(CultureInfo.InvariantCulture)} kg"));
        var description = Describe(name, $"A {size}-inch {resolution} {panel} television with {platform} built in and {refresh} Hz motion handling.",
            ["Freeview Play and every major streaming app", $"{specs["HDR"]} for brighter highlights", "Low-latency game mode with VRR", "Voice control with the supplied remote"]);
        return new DemoProduct(name, brand, "TV & Video > Televisions", description, specs,
            [Variant(model, 0, price, new() { ["colour"] = Pick(r, ["Black", "Titan Black", "Silver"]) }, (int)(size * 280), i)], Image(i));
    }

    private static DemoProduct Smartphone(Random r, int i)
    {
        var (brand, line, os) = Pick(r, [
            ("Apple", "iPhone 16", "iOS"), ("Apple", "iPhone 16 Pro", "iOS"), ("Samsung", "Galaxy S25", "Android"), ("Samsung", "Galaxy A56", "Android"),
            ("Google", "Pixel 9", "Android"), ("Google", "Pixel 9a", "Android"), ("OnePlus", "13", "Android"), ("Xiaomi", "15T", "Android"),
            ("Motorola", "Edge 50", "Android"), ("Nothing", "Phone (3a)", "Android"), ("Sony", "Xperia 10 VI", "Android")]);
        var premium = line.Contains("Pro", StringComparison.Ordinal) || line.EndsWith("S25", StringComparison.Ordinal) || line == "13";
        var model = $"{Code(brand)}{Letters(r, 1)}{i:D6}";
        var name = $"{brand} {line} 5G {model}";
        var basePrice = premium ? Pick(r, [79900, 89900, 99900, 109900]) : Pick(r, [29900, 39900, 49900, 59900]);
        var storages = premium ? new[] { 128, 256, 512 } : [128, 256];
        var colours = Colours.OrderBy(_ => r.Next()).Take(r.Next(2, 4)).ToArray();
        var variants = new List<DemoVariant>();
        foreach (var storage in storages)
        {
            foreach (var colour in colours)
            {
                var price = basePrice + (storage == 256 ? 10000 : storage == 512 ? 30000 : 0);
                variants.Add(Variant(model, variants.Count, price, new() { ["colour"] = colour, ["storage"] = $"{storage} GB" }, 190, i));
            }
        }

        var screen = Pick(r, [6.1, 6.3, 6.5, 6.7, 6.8]);
        var specs = Specs(
            ("Screen size", $"{screen.ToString(CultureInfo.InvariantCulture)} in"), ("Display", Pick(r, ["OLED", "AMOLED", "LTPO OLED"])),
            ("Operating system", os), ("Main camera", $"{Pick(r, [48, 50, 50, 108, 200])} MP"), ("Battery", $"{Pick(r, [3900, 4500, 5000, 5500])} mAh"),
            ("5G", "Yes"), ("Dual SIM", Pick(r, ["Yes", "No"])), ("Water resistance", Pick(r, ["IP67", "IP68"])), ("Wireless charging", premium ? "Yes" : "No"));
        var description = Describe(name, $"{brand}'s {line} with a {screen.ToString(CultureInfo.InvariantCulture)}-inch display, {specs["Main camera"]} main camera and all-day battery.",
            ["5G on every UK network", $"{specs["Water resistance"]} water and dust resistance", "Years of security updates", "Unlocked and SIM-free"]);
        return new DemoProduct(name, brand, "Phones > Smartphones", description, specs, variants, Image(i));
    }

    private static DemoProduct Laptop(Random r, int i)
    {
        var (brand, line, cpu) = Pick(r, [
            ("Apple", "MacBook Air", "Apple M3"), ("Apple", "MacBook Pro", "Apple M4 Pro"), ("Dell", "XPS 13", "Intel Core Ultra 7"), ("Dell", "Inspiron 15", "Intel Core i5"),
            ("HP", "Spectre x360", "Intel Core Ultra 7"), ("HP", "Pavilion 15", "AMD Ryzen 5"), ("Lenovo", "ThinkPad X1 Carbon", "Intel Core Ultra 7"),
            ("Lenovo", "IdeaPad Slim 5", "AMD Ryzen 7"), ("Asus", "Zenbook 14 OLED", "Intel Core Ultra 5"), ("Asus", "ROG Zephyrus G14", "AMD Ryzen 9"),
            ("Acer", "Swift Go 14", "Intel Core Ultra 5"), ("Microsoft", "Surface Laptop 7", "Snapdragon X Elite")]);
        var model = $"{Code(brand)}{Letters(r, 2)}{i:D6}";
        var screen = Pick(r, [13.3, 13.6, 14.0, 15.6, 16.0]);
        var name = $"{brand} {line} {screen.ToString(CultureInfo.InvariantCulture)}\" Laptop {model}";
        var basePrice = Round(Pick(r, [49900, 69900, 89900, 119900, 149900]) * (0.9 + (r.NextDouble() * 0.3)));
        var configs = new[] { (8, 256), (16, 512), (32, 1024) }.Take(r.Next(1, 4)).ToArray();
        var colour = Pick(r, ["Silver", "Space Grey", "Black", "Blue"]);
        var variants = configs.Select((c, n) => Variant(model, n, basePrice + (n * 20000), new() { ["colour"] = colour, ["memory"] = $"{c.Item1} GB", ["storage"] = c.Item2 >= 1024 ? "1 TB" : $"{c.Item2} GB" }, 1300, i)).ToList();
        var os = brand == "Apple" ? "macOS" : "Windows 11 Home";
        var specs = Specs(
            ("Screen size", $"{screen.ToString(CultureInfo.InvariantCulture)} in"), ("Processor", cpu), ("Operating system", os),
            ("Graphics", line.Contains("ROG", StringComparison.Ordinal) ? "NVIDIA GeForce RTX 4070" : "Integrated"),
            ("Battery life", $"{Pick(r, [10, 12, 15, 18, 22])} h"), ("Weight", $"{Pick(r, [1.2, 1.3, 1.4, 1.6, 1.8]).ToString(CultureInfo.InvariantCulture)} kg"),
            ("Touchscreen", line.Contains("x360", StringComparison.Ordinal) ? "Yes" : "No"), ("Backlit keyboard", "Yes"), ("Wi-Fi", Pick(r, ["Wi-Fi 6E", "Wi-Fi 7"])));
        var description = Describe(name, $"A {screen.ToString(CultureInfo.InvariantCulture)}-inch laptop with {cpu} for work, study and creative apps.",
            [$"Up to {specs["Battery life"]} of battery", "Fast charging over USB-C", $"{specs["Wi-Fi"]} wireless", $"{os} pre-installed"]);
        return new DemoProduct(name, brand, "Computing > Laptops", description, specs, variants, Image(i));
    }

    private static DemoProduct Tablet(Random r, int i)
    {
        var (brand, line) = Pick(r, [("Apple", "iPad Air"), ("Apple", "iPad"), ("Samsung", "Galaxy Tab S10"), ("Samsung", "Galaxy Tab A9+"), ("Lenovo", "Tab P12"), ("Xiaomi", "Pad 7"), ("Amazon", "Fire HD 10")]);
        var model = $"{Code(brand)}{Letters(r, 1)}{i:D6}";
        var screen = Pick(r, [10.1, 10.9, 11.0, 12.4, 13.0]);
        var name = $"{brand} {line} {screen.ToString(CultureInfo.InvariantCulture)}\" Wi-Fi Tablet {model}";
        var basePrice = Pick(r, [14999, 32900, 59900, 79900]);
        var variants = TabletStorage.Take(r.Next(1, 4)).SelectMany((s, n) => TabletColours.Select((c, m) =>
            Variant(model, (n * 2) + m, basePrice + (n * 10000), new() { ["colour"] = c, ["storage"] = $"{s} GB" }, 480, i))).ToList();
        var specs = Specs(("Screen size", $"{screen.ToString(CultureInfo.InvariantCulture)} in"), ("Connectivity", "Wi-Fi"), ("Stylus support", Pick(r, ["Yes", "No"])),
            ("Battery life", $"{Pick(r, [10, 12, 13])} h"), ("Operating system", brand == "Apple" ? "iPadOS" : brand == "Amazon" ? "Fire OS" : "Android"));
        return new DemoProduct(name, brand, "Computing > Tablets",
            Describe(name, $"A {screen.ToString(CultureInfo.InvariantCulture)}-inch tablet for streaming, reading and notes.", ["All-day battery", "Quad speakers", "USB-C charging"]), specs, variants, Image(i));
    }

    private static DemoProduct Headphones(Random r, int i)
    {
        var (brand, line, type) = Pick(r, [
            ("Sony", "WH-1000XM5", "Over-ear"), ("Sony", "WF-1000XM5", "In-ear"), ("Bose", "QuietComfort Ultra", "Over-ear"), ("Bose", "QuietComfort Earbuds", "In-ear"),
            ("Apple", "AirPods Pro", "In-ear"), ("Sennheiser", "Momentum 4", "Over-ear"), ("JBL", "Tune 770NC", "Over-ear"), ("JBL", "Live Beam 3", "In-ear"),
            ("Beats", "Studio Pro", "Over-ear"), ("Samsung", "Galaxy Buds3 Pro", "In-ear"), ("Jabra", "Elite 10", "In-ear")]);
        var model = $"{Code(brand)}{i:D6}";
        var anc = r.Next(5) > 0;
        var name = $"{brand} {line} Wireless {(anc ? "Noise Cancelling " : "")}{(type == "In-ear" ? "Earbuds" : "Headphones")} {model}";
        var price = Round(Pick(r, [4999, 9999, 14999, 22999, 29999, 34999]) * (0.9 + (r.NextDouble() * 0.2)));
        var variants = Colours.OrderBy(_ => r.Next()).Take(r.Next(1, 4)).Select((c, n) => Variant(model, n, price, new() { ["colour"] = c }, type == "In-ear" ? 60 : 250, i)).ToList();
        var specs = Specs(("Type", type), ("Noise cancelling", anc ? "Yes" : "No"), ("Battery life", $"{Pick(r, [6, 8, 24, 30, 40, 60])} h"),
            ("Bluetooth", Pick(r, ["5.2", "5.3", "5.4"])), ("Codecs", Pick(r, ["AAC, SBC", "LDAC, AAC, SBC", "aptX Adaptive, AAC, SBC"])), ("Microphone", "Yes"));
        return new DemoProduct(name, brand, "Audio > Headphones",
            Describe(name, $"{type} wireless {(anc ? "noise-cancelling " : "")}audio with {specs["Battery life"]} of playback.", ["Multipoint Bluetooth", "Clear calls in noisy places", "Quick charge"]), specs, variants, Image(i));
    }

    private static DemoProduct Speaker(Random r, int i)
    {
        var (brand, line) = Pick(r, [("Sonos", "Era 100"), ("Sonos", "Move 2"), ("JBL", "Charge 5"), ("JBL", "Flip 6"), ("Bose", "SoundLink Flex"), ("Ultimate Ears", "Boom 4"), ("Marshall", "Emberton III"), ("Amazon", "Echo")]);
        var model = $"{Code(brand)}{i:D6}";
        var portable = !line.StartsWith("Era", StringComparison.Ordinal) && line != "Echo";
        var name = $"{brand} {line} {(portable ? "Portable Bluetooth" : "Smart")} Speaker {model}";
        var price = Pick(r, [4999, 9999, 12999, 17999, 44900]);
        var variants = Colours.OrderBy(_ => r.Next()).Take(r.Next(1, 4)).Select((c, n) => Variant(model, n, price, new() { ["colour"] = c }, 700, i)).ToList();
        var specs = Specs(("Type", portable ? "Portable" : "Smart speaker"), ("Battery life", portable ? $"{Pick(r, [12, 20, 24])} h" : "Mains powered"),
            ("Water resistance", portable ? "IP67" : "None"), ("Voice assistant", Pick(r, ["Alexa", "Google Assistant", "None"])), ("Wi-Fi", portable ? "No" : "Yes"));
        return new DemoProduct(name, brand, "Audio > Speakers", Describe(name, "Room-filling sound in a compact design.", ["Stereo pairing", "App EQ", "Bluetooth 5.3"]), specs, variants, Image(i));
    }

    private static DemoProduct Soundbar(Random r, int i)
    {
        var (brand, line) = Pick(r, [("Sonos", "Arc Ultra"), ("Sonos", "Beam"), ("Samsung", "HW-Q990D"), ("Sony", "Bravia Theatre Bar 8"), ("LG", "S95TR"), ("Bose", "Smart Soundbar"), ("JBL", "Bar 500")]);
        var model = $"{Code(brand)}{i:D6}";
        var channels = Pick(r, ["2.1", "3.1", "5.1", "5.1.2", "7.1.4", "11.1.4"]);
        var name = $"{brand} {line} {channels} Channel Dolby Atmos Soundbar {model}";
        var price = Pick(r, [24900, 39900, 49900, 79900, 99900, 149900]);
        var specs = Specs(("Channels", channels), ("Dolby Atmos", "Yes"), ("HDMI eARC", "Yes"), ("Subwoofer", channels.StartsWith('2') || channels.Contains(".1", StringComparison.Ordinal) ? "Yes" : "No"), ("Wi-Fi", "Yes"));
        return new DemoProduct(name, brand, "Audio > Soundbars", Describe(name, $"Cinematic {channels} surround sound from a single bar.", ["Dolby Atmos height effects", "Speech enhancement", "HDMI eARC to your TV"]), specs,
            [Variant(model, 0, price, new() { ["colour"] = "Black" }, 5200, i)], Image(i));
    }

    private static DemoProduct Camera(Random r, int i)
    {
        var (brand, line, sensor) = Pick(r, [("Sony", "Alpha 7 IV", "Full frame"), ("Sony", "ZV-E10 II", "APS-C"), ("Canon", "EOS R6 Mark II", "Full frame"), ("Canon", "EOS R50", "APS-C"),
            ("Nikon", "Z6 III", "Full frame"), ("Nikon", "Z50 II", "APS-C"), ("Fujifilm", "X-T5", "APS-C"), ("Panasonic", "Lumix S5 II", "Full frame"), ("OM System", "OM-5", "Micro Four Thirds")]);
        var model = $"{Code(brand)}{i:D6}";
        var name = $"{brand} {line} Mirrorless Camera {model}";
        var body = sensor == "Full frame" ? Pick(r, [149900, 199900, 239900]) : Pick(r, [59900, 79900, 129900]);
        var variants = new List<DemoVariant>
        {
            Variant(model, 0, body, new() { ["kit"] = "Body only" }, 650, i),
            Variant(model, 1, body + Pick(r, [20000, 30000, 45000]), new() { ["kit"] = "With kit lens" }, 1000, i),
        };
        var specs = Specs(("Sensor", sensor), ("Resolution", $"{Pick(r, [20, 24, 26, 33, 40, 45])} MP"), ("Video", Pick(r, ["4K 30p", "4K 60p", "6K 30p"])),
            ("Image stabilisation", Pick(r, ["Yes", "No"])), ("Weather sealed", Pick(r, ["Yes", "No"])), ("Viewfinder", "Yes"));
        return new DemoProduct(name, brand, "Cameras > Mirrorless Cameras", Describe(name, $"{sensor} mirrorless camera for stills and {specs["Video"]} video.", ["Subject-detect autofocus", "Dual card slots", "Vari-angle touchscreen"]), specs, variants, Image(i));
    }

    private static DemoProduct Lens(Random r, int i)
    {
        var brand = Pick(r, ["Sony", "Canon", "Nikon", "Sigma", "Tamron", "Fujifilm"]);
        var (focal, aperture) = Pick(r, [("24-70mm", "f/2.8"), ("50mm", "f/1.8"), ("70-200mm", "f/4"), ("35mm", "f/1.4"), ("16-35mm", "f/4"), ("85mm", "f/1.8")]);
        var mount = Pick(r, ["Sony E", "Canon RF", "Nikon Z", "Fujifilm X", "L-Mount"]);
        var model = $"{Code(brand)}{i:D6}";
        var name = $"{brand} {focal} {aperture} Lens for {mount} {model}";
        var specs = Specs(("Mount", mount), ("Focal length", focal), ("Maximum aperture", aperture), ("Image stabilisation", Pick(r, ["Yes", "No"])), ("Filter thread", $"{Pick(r, [49, 58, 67, 72, 77, 82])} mm"));
        return new DemoProduct(name, brand, "Cameras > Lenses", Describe(name, $"A {focal} {aperture} lens for {mount} cameras.", ["Quiet, fast autofocus", "Weather-resistant build"]), specs,
            [Variant(model, 0, Pick(r, [19900, 44900, 89900, 129900, 219900]), new Dictionary<string, string>(), 600, i)], Image(i));
    }

    private static DemoProduct Charger(Random r, int i)
    {
        var brand = Pick(r, ["Anker", "Belkin", "Apple", "Samsung", "UGREEN", "Amazon Basics"]);
        var watts = Pick(r, [20, 25, 30, 45, 65, 100, 140]);
        var kind = Pick(r, ["USB-C Wall Charger", "GaN Charger", "USB-C to USB-C Cable", "Wireless Charging Pad", "Car Charger"]);
        var model = $"{Code(brand)}{i:D6}";
        var name = $"{brand} {watts}W {kind} {model}";
        var variants = kind.Contains("Cable", StringComparison.Ordinal)
            ? CableLengths.Select((l, n) => Variant(model, n, Pick(r, [999, 1499, 1999]) + (n * 500), new() { ["length"] = l, ["colour"] = "White" }, 60, i)).ToList()
            : [Variant(model, 0, Pick(r, [1499, 1999, 2999, 3999, 5999]), new() { ["colour"] = Pick(r, ["White", "Black"]) }, 120, i)];
        var specs = Specs(("Power output", $"{watts} W"), ("Connector", Pick(r, ["USB-C", "USB-C and USB-A", "Qi2"])), ("Fast charging", "Yes"), ("UK plug", kind.Contains("Wall", StringComparison.Ordinal) || kind.StartsWith("GaN", StringComparison.Ordinal) ? "Yes" : "No"));
        return new DemoProduct(name, brand, "Accessories > Chargers & Cables", Describe(name, $"{watts} W charging for phones, tablets and laptops.", ["Power Delivery", "Over-heat protection"]), specs, variants, Image(i));
    }

    private static DemoProduct MemoryCard(Random r, int i)
    {
        var brand = Pick(r, ["SanDisk", "Samsung", "Kingston", "Lexar"]);
        var type = Pick(r, ["microSDXC", "SDXC"]);
        var model = $"{Code(brand)}{i:D6}";
        var name = $"{brand} {Pick(r, ["Extreme", "PRO Plus", "Canvas Go!", "Professional"])} {type} UHS-I Card {model}";
        var variants = CardCapacities.Select((c, n) => Variant(model, n, c.Item2, new() { ["capacity"] = $"{c.Item1} GB" }, 5, i)).ToList();
        var specs = Specs(("Card type", type), ("Read speed", $"{Pick(r, [130, 160, 170, 200])} MB/s"), ("Speed class", "V30"), ("Adapter included", type == "microSDXC" ? "Yes" : "No"));
        return new DemoProduct(name, brand, "Accessories > Memory Cards", Describe(name, "Fast, reliable storage for 4K video and burst photos.", ["Waterproof and shockproof", "Lifetime limited warranty"]), specs, variants, Image(i));
    }

    private static DemoProduct PhoneCase(Random r, int i)
    {
        var brand = Pick(r, ["Spigen", "OtterBox", "Apple", "Samsung", "Casetify"]);
        var phone = Pick(r, ["iPhone 16", "iPhone 16 Pro", "Galaxy S25", "Pixel 9"]);
        var model = $"{Code(brand)}{i:D6}";
        var name = $"{brand} {Pick(r, ["Clear", "Silicone", "Leather", "Rugged"])} Case for {phone} {model}";
        var variants = Colours.OrderBy(_ => r.Next()).Take(r.Next(2, 5)).Select((c, n) => Variant(model, n, Pick(r, [1499, 2499, 3999, 4900]), new() { ["colour"] = c }, 40, i)).ToList();
        var specs = Specs(("Compatible with", phone), ("MagSafe compatible", phone.StartsWith("iPhone", StringComparison.Ordinal) ? "Yes" : "No"), ("Drop protection", $"{Pick(r, [1.2, 2.0, 3.0]).ToString(CultureInfo.InvariantCulture)} m"));
        return new DemoProduct(name, brand, "Accessories > Phone Cases", Describe(name, $"Slim protection for your {phone}.", ["Raised camera lip", "Wireless-charging friendly"]), specs, variants, Image(i));
    }

    private static T Pick<T>(Random r, T[] values) => values[r.Next(values.Length)];

    /// <summary>Rounds to a shop price ending in 99p or £x9.</summary>
    private static long Round(double pence) => Math.Max(999, ((long)(pence / 1000) * 1000) - 1 + 100);

    private static string Code(string brand) => new([.. brand.Where(char.IsAsciiLetter).Take(2).Select(char.ToUpperInvariant)]);

    private static string Letters(Random r, int count) => new([.. Enumerable.Range(0, count).Select(_ => (char)('A' + r.Next(26)))]);

    private static Dictionary<string, string> Specs(params (string Name, string Value)[] specs) =>
        specs.ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal);

    private static DemoVariant Variant(string model, int n, long price, Dictionary<string, string> attributes, int grams, int index) =>
        new($"{model}-{n:D2}", price, attributes, grams, Gtin(index, n));

    private static string Image(int index) => $"https://images.novatech.example/products/{index % 997:D3}.jpg";

    private static string Describe(string name, string summary, string[] features)
    {
        var builder = new StringBuilder();
        builder.Append("## ").AppendLine(name).AppendLine().AppendLine(summary).AppendLine().AppendLine("**Highlights**").AppendLine();
        foreach (var feature in features)
        {
            builder.Append("- ").AppendLine(feature);
        }

        builder.AppendLine().AppendLine("Prices include VAT at 20 %. Free UK delivery on orders over £40.");
        return builder.ToString();
    }

    /// <summary>A valid GTIN-13 in the UK "50" prefix range, unique per product and variant.</summary>
    private static string Gtin(int index, int variant)
    {
        var body = "50" + ((((long)index * 100) + variant) % 10_000_000_000L).ToString("D10", CultureInfo.InvariantCulture);
        var sum = 0;
        for (var k = 0; k < 12; k++)
        {
            sum += (body[k] - '0') * (k % 2 == 0 ? 1 : 3);
        }

        return body + ((10 - (sum % 10)) % 10).ToString(CultureInfo.InvariantCulture);
    }
}
