using Nots.Pricing;
using Nots.Pricing.Geography;
using Platform.Web;

namespace Nots.Tests.Pricing;

public sealed class GeographyTests
{
    private readonly Gazetteer _gazetteer = new();
    private readonly PostcodeDirectory _postcodes = new();

    private PlaceResolver Resolver => new(_gazetteer, _postcodes);

    [Theory]
    [InlineData("LHR", "London Heathrow Airport", PlaceKind.Airport)]
    [InlineData("boh", "Bournemouth Airport", PlaceKind.Airport)]
    [InlineData("POOLE-FERRY", "Poole Ferry Terminal", PlaceKind.FerryPort)]
    [InlineData("SOUTHAMPTON-OCEAN", "Southampton Ocean Cruise Terminal", PlaceKind.CruisePort)]
    [InlineData("LONDON-WATERLOO", "London Waterloo", PlaceKind.Rail)]
    [InlineData("SHAFTESBURY", "Shaftesbury", PlaceKind.Town)]
    public void Known_codes_are_found_case_insensitively(string code, string name, PlaceKind kind)
    {
        var place = _gazetteer.Find(code).ShouldNotBeNull();
        place.Name.ShouldBe(name);
        place.Kind.ShouldBe(kind);
    }

    [Fact]
    public void Airports_and_ports_carry_an_access_charge_flag_and_towns_do_not()
    {
        _gazetteer.Find("LGW")!.AccessCharge.ShouldBeTrue();
        _gazetteer.Find("DOVER-FERRY")!.AccessCharge.ShouldBeTrue();
        _gazetteer.Find("POOLE")!.AccessCharge.ShouldBeFalse();
    }

    [Fact]
    public void Unknown_code_is_an_unknown_place()
    {
        _gazetteer.Find("XYZ").ShouldBeNull();
        Should.Throw<DomainException>(() => Resolver.Resolve(PlaceInput.Code("XYZ"))).Code.ShouldBe(PricingErrors.UnknownPlace);
    }

    [Fact]
    public void Search_ranks_exact_code_first_then_prefixes_then_contains()
    {
        _gazetteer.Search("lhr")[0].Code.ShouldBe("LHR");
        _gazetteer.Search("heath")[0].Code.ShouldBe("LHR");
        _gazetteer.Search("poole").Select(p => p.Code).Take(3).ShouldBe(["POOLE", "POOLE-FERRY", "POOLE-STN"]);
        _gazetteer.Search("kings cross").Select(p => p.Code).ShouldContain("LONDON-KINGS-CROSS");
        _gazetteer.Search("cruise").ShouldAllBe(p => p.Kind == PlaceKind.CruisePort);
        _gazetteer.Search("qwertyuiop").ShouldBeEmpty();
        _gazetteer.Search("", 10).ShouldBeEmpty();
        _gazetteer.Search("southampton", 3).Count.ShouldBe(3);
    }

    [Fact]
    public void Every_gazetteer_place_and_every_listed_district_is_on_land()
    {
        _gazetteer.All.Where(p => !GreatBritain.Contains(p.Location)).Select(p => p.Code).ShouldBeEmpty();
        _gazetteer.All.Select(p => p.Code).ShouldBeUnique();
        var districts = PostcodeData.Districts.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ')[0])
            .ToList();
        districts.Count.ShouldBeGreaterThanOrEqualTo(230);
        districts.Where(d => !GreatBritain.Contains(_postcodes.Resolve(d).Location)).ShouldBeEmpty();
    }

    [Fact]
    public void Every_area_fallback_point_in_great_britain_is_on_land()
    {
        var areas = new[]
        {
            "AB", "AL", "B", "BA", "BB", "BD", "BH", "BL", "BN", "BR", "BS", "CA", "CB", "CF", "CH", "CM", "CO", "CR", "CT", "CV", "CW",
            "DA", "DD", "DE", "DG", "DH", "DL", "DN", "DT", "DY", "E", "EC", "EH", "EN", "EX", "FK", "FY", "G", "GL", "GU", "HA", "HD",
            "HG", "HP", "HR", "HU", "HX", "IG", "IP", "IV", "KA", "KT", "KW", "KY", "L", "LA", "LD", "LE", "LL", "LN", "LS", "LU", "M",
            "ME", "MK", "ML", "N", "NE", "NG", "NN", "NP", "NR", "NW", "OL", "OX", "PA", "PE", "PH", "PL", "PO", "PR", "RG", "RH", "RM",
            "S", "SA", "SE", "SG", "SK", "SL", "SM", "SN", "SO", "SP", "SR", "SS", "ST", "SW", "SY", "TA", "TD", "TF", "TN", "TQ", "TR",
            "TS", "TW", "UB", "W", "WA", "WC", "WD", "WF", "WN", "WR", "WS", "WV", "YO",
        };

        areas.Where(a => a is not ("BH" or "DT" or "SP" or "SO" or "PO" or "BA" or "SN" or "RG" or "GU" or "TW"))
            .Where(a => !GreatBritain.Contains(_postcodes.Resolve(a + "99").Location))
            .ShouldBeEmpty();
    }

    [Theory]
    [InlineData("bh15 1hj", "BH15 1HJ", 50.718, -1.985)]
    [InlineData("BH151HJ", "BH15 1HJ", 50.718, -1.985)]
    [InlineData("DT1 1XJ", "DT1 1XJ", 50.715, -2.44)]
    [InlineData("SP1 1BT", "SP1 1BT", 51.075, -1.79)]
    [InlineData("SO14 3TJ", "SO14 3TJ", 50.905, -1.398)]
    [InlineData("PO30 1UD", "PO30 1UD", 50.70, -1.30)]
    [InlineData("TW6 1EW", "TW6 1EW", 51.47, -0.454)]
    [InlineData("BA12 9AA", "BA12 9AA", 51.205, -2.17)]
    [InlineData("SN1", "SN1", 51.558, -1.78)]
    public void Postcodes_resolve_to_their_district(string input, string normalised, double lat, double lng)
    {
        var located = _postcodes.Resolve(input);

        located.Postcode.Normalised.ShouldBe(normalised);
        located.Precision.ShouldBe(PostcodePrecision.District);
        located.Location.Latitude.ShouldBe(lat, 0.01);
        located.Location.Longitude.ShouldBe(lng, 0.01);
    }

    [Theory]
    [InlineData("M1 1AE", "M")]
    [InlineData("EC1A 1BB", "EC")]
    [InlineData("SW1A 1AA", "SW")]
    [InlineData("EH1 1YZ", "EH")]
    public void Postcodes_elsewhere_in_great_britain_fall_back_to_their_area(string input, string area)
    {
        var located = _postcodes.Resolve(input);

        located.Precision.ShouldBe(PostcodePrecision.Area);
        located.Postcode.Area.ShouldBe(area);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("BH15 1CJ")]
    [InlineData("BH15 1H")]
    [InlineData("GIR 0AA")]
    [InlineData("BFPO 801")]
    [InlineData("BH99 1AA")]
    [InlineData("QQ1 1AA")]
    public void Invalid_postcodes_are_rejected(string input)
    {
        Should.Throw<DomainException>(() => _postcodes.Resolve(input)).Code.ShouldBe(PricingErrors.InvalidPostcode);
    }

    [Theory]
    [InlineData("BT1 1AA")]
    [InlineData("JE2 3AB")]
    [InlineData("GY1 1AA")]
    [InlineData("IM1 1AA")]
    public void Postcodes_off_great_britain_are_unreachable(string input)
    {
        Should.Throw<DomainException>(() => Resolver.Resolve(PlaceInput.ForPostcode(input))).Code.ShouldBe(PricingErrors.Unreachable);
    }

    [Theory]
    [InlineData(50.30, -1.50)] // English Channel, south of the Isle of Wight
    [InlineData(50.50, -2.00)] // Channel off St Alban's Head
    [InlineData(54.00, 2.00)] // North Sea
    [InlineData(53.80, -4.50)] // Irish Sea
    [InlineData(51.35, -3.80)] // Bristol Channel
    [InlineData(53.35, -6.26)] // Dublin
    [InlineData(50.95, 1.85)] // Calais
    [InlineData(54.60, -5.93)] // Belfast
    public void Points_at_sea_or_outside_great_britain_are_unreachable(double lat, double lng)
    {
        GreatBritain.Contains(new GeoPoint(lat, lng)).ShouldBeFalse();
        Should.Throw<DomainException>(() => Resolver.Resolve(PlaceInput.Point(lat, lng))).Code.ShouldBe(PricingErrors.Unreachable);
    }

    [Theory]
    [InlineData(50.7150, -1.9872)] // Poole
    [InlineData(50.6085, -1.9600)] // Swanage
    [InlineData(50.7000, -1.2900)] // Newport, Isle of Wight
    [InlineData(55.9533, -3.1883)] // Edinburgh
    [InlineData(53.3094, -4.6320)] // Holyhead, Anglesey
    [InlineData(50.1200, -5.5400)] // Penzance
    [InlineData(51.1270, 1.3370)] // Dover Eastern Docks
    public void Points_on_land_resolve_with_their_address(double lat, double lng)
    {
        var place = Resolver.Resolve(PlaceInput.Point(lat, lng, "  1 High Street  "));

        place.Kind.ShouldBe(PlaceKind.Coordinates);
        place.Label.ShouldBe("1 High Street");
        place.Location.ShouldBe(new GeoPoint(lat, lng));
    }

    [Fact]
    public void Place_input_must_have_exactly_one_form()
    {
        Should.Throw<DomainException>(() => Resolver.Resolve(new PlaceInput())).Code.ShouldBe(PricingErrors.InvalidPlace);
        Should.Throw<DomainException>(() => Resolver.Resolve(new PlaceInput(Place: "LHR", Postcode: "BH15 1HJ"))).Code.ShouldBe(PricingErrors.InvalidPlace);
        Should.Throw<DomainException>(() => Resolver.Resolve(new PlaceInput(Lat: 50.7))).Code.ShouldBe(PricingErrors.InvalidPlace);
        Should.Throw<DomainException>(() => Resolver.Resolve(PlaceInput.Point(95, 0))).Code.ShouldBe(PricingErrors.InvalidPlace);
    }

    [Fact]
    public void Map_pins_near_a_listed_district_take_that_district_for_zone_prices()
    {
        Resolver.Resolve(PlaceInput.Point(50.7160, -1.9860)).MatchKeys().ShouldBe(["BH15", "BH"]);
        Resolver.Resolve(PlaceInput.Point(53.4808, -2.2426)).MatchKeys().ShouldBeEmpty();
    }

    [Fact]
    public void Named_places_carry_their_postcode_district_for_tariff_matching()
    {
        var poole = Resolver.Resolve(PlaceInput.Code("POOLE"));

        poole.MatchKeys().ShouldBe(["POOLE", "BH15", "BH"]);
    }
}
