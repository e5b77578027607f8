using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nots.Web;
using Platform.Testing;

namespace Nots.Tests.Pricing.Api;

public sealed class TariffApiTests : IAsyncLifetime
{
    private ProductFactory<Program> _factory = null!;
    private HttpClient _client = null!;
    private string _owner = null!;

    public async Task InitializeAsync()
    {
        _factory = await PricingApi.CreateFactoryAsync();
        _client = _factory.CreateClient();
        _owner = await PricingApi.TokenAsync(_factory, _client, "owner");
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private async Task<(JsonObject Definition, string ETag)> CurrentAsync()
    {
        var response = await _client.SendAsync(HttpMethod.Get, "/v1/pricing", _owner);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        return (body["definition"]!.AsObject(), response.Headers.ETag!.Tag);
    }

    private static JsonObject WithEstateFixedPrice(JsonObject definition, int pence)
    {
        var copy = definition.DeepClone().AsObject();
        copy["fixedRoutes"]![0]!["pencePerClass"]!["estate"] = pence;
        return copy;
    }

    [Fact]
    public async Task The_default_tariff_is_version_1_and_owner_and_admin_can_read_it()
    {
        var response = await _client.SendAsync(HttpMethod.Get, "/v1/pricing", _owner);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.ETag!.Tag.ShouldBe("\"1\"");
        var tariff = await response.JsonAsync();
        tariff.GetProperty("version").GetString().ShouldBe("1");
        tariff.GetProperty("current").GetBoolean().ShouldBeTrue();
        tariff.GetProperty("createdBy").GetString().ShouldBe("system");
        tariff.GetProperty("definition").GetProperty("vehicleClasses").GetArrayLength().ShouldBe(5);
        tariff.GetProperty("definition").GetProperty("rounding").GetProperty("direction").GetString().ShouldBe("Nearest");

        var admin = await PricingApi.TokenAsync(_factory, _client, "admin");
        (await _client.SendAsync(HttpMethod.Get, "/v1/pricing", admin)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _client.SendAsync(HttpMethod.Get, "/v1/pricing/versions", admin)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Customers_get_403_anonymous_callers_401_and_only_the_owner_may_publish()
    {
        var customer = await PricingApi.TokenAsync(_factory, _client, "customer");
        var admin = await PricingApi.TokenAsync(_factory, _client, "admin");
        var (definition, _) = await CurrentAsync();

        (await _client.SendAsync(HttpMethod.Get, "/v1/pricing", customer)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _client.SendAsync(HttpMethod.Get, "/v1/pricing/versions", customer)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _client.SendAsync(HttpMethod.Put, "/v1/pricing", customer, definition)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _client.SendAsync(HttpMethod.Put, "/v1/pricing", admin, definition)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _client.GetAsync("/v1/pricing")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _client.SendAsync(HttpMethod.Put, "/v1/pricing", null, definition)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_published_version_prices_the_next_quote_while_earlier_quotes_keep_theirs()
    {
        var pickupAt = PricingApi.OrdinaryWeekday();
        var before = await (await _client.PostAsJsonAsync("/v1/quotes", PricingApi.PooleToHeathrow(pickupAt, 2, 2))).JsonAsync();
        before.Option("estate").GetProperty("totalPence").GetInt32().ShouldBe(17500 + 700);

        var (definition, etag) = await CurrentAsync();
        var put = await _client.SendAsync(HttpMethod.Put, "/v1/pricing", _owner, WithEstateFixedPrice(definition, 18000), etag);

        put.StatusCode.ShouldBe(HttpStatusCode.Created, await put.Content.ReadAsStringAsync());
        var published = await put.JsonAsync();
        published.GetProperty("version").GetString().ShouldBe("2");
        published.GetProperty("current").GetBoolean().ShouldBeTrue();
        put.Headers.Location!.ToString().ShouldEndWith("/v1/pricing/versions/2");

        var after = await (await _client.PostAsJsonAsync("/v1/quotes", PricingApi.PooleToHeathrow(pickupAt, 2, 2))).JsonAsync();
        after.GetProperty("tariffVersion").GetString().ShouldBe("2");
        after.Option("estate").GetProperty("totalPence").GetInt32().ShouldBe(18000 + 700);

        var old = await _client.GetFromJsonAsync<JsonElement>($"/v1/quotes/{before.GetProperty("id").GetGuid()}");
        old.GetProperty("tariffVersion").GetString().ShouldBe("1");
        old.Option("estate").GetProperty("totalPence").GetInt32().ShouldBe(17500 + 700);

        var versions = await (await _client.SendAsync(HttpMethod.Get, "/v1/pricing/versions", _owner)).JsonAsync();
        versions.GetProperty("items").EnumerateArray().Select(v => (v.GetProperty("version").GetString(), v.GetProperty("current").GetBoolean()))
            .ShouldBe([("2", true), ("1", false)]);
        var page = await (await _client.SendAsync(HttpMethod.Get, "/v1/pricing/versions?limit=1", _owner)).JsonAsync();
        page.GetProperty("items").GetArrayLength().ShouldBe(1);
        var next = page.GetProperty("nextCursor").GetString();
        var rest = await (await _client.SendAsync(HttpMethod.Get, $"/v1/pricing/versions?limit=1&cursor={next}", _owner)).JsonAsync();
        rest.GetProperty("items")[0].GetProperty("version").GetString().ShouldBe("1");

        // A disputed quote is re-priced with the version it recorded.
        var v1 = await (await _client.SendAsync(HttpMethod.Get, "/v1/pricing/versions/1", _owner)).JsonAsync();
        v1.GetProperty("current").GetBoolean().ShouldBeFalse();
        v1.GetProperty("definition").GetProperty("fixedRoutes")[0].GetProperty("pencePerClass").GetProperty("estate").GetInt32().ShouldBe(17500);
        (await _client.SendAsync(HttpMethod.Get, "/v1/pricing/versions/99", _owner)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_invalid_tariff_is_422_listing_every_problem_and_changes_nothing()
    {
        var (definition, _) = await CurrentAsync();
        var broken = definition.DeepClone().AsObject();
        broken["currency"] = "pounds";
        broken["returnDiscountPercent"] = 150;
        broken["vehicleClasses"]![0]!["seats"] = 0;

        var response = await _client.SendAsync(HttpMethod.Put, "/v1/pricing", _owner, broken);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problem = await response.JsonAsync();
        problem.GetProperty("code").GetString().ShouldBe("invalid_tariff");
        var problems = problem.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
        problems.ShouldContain(p => p.StartsWith("Currency", StringComparison.Ordinal));
        problems.ShouldContain(p => p.StartsWith("Return discount", StringComparison.Ordinal));
        problems.ShouldContain(p => p.Contains("seats must be at least 1", StringComparison.Ordinal));
        (await CurrentAsync()).ETag.ShouldBe("\"1\"");
    }

    [Fact]
    public async Task An_incomplete_or_malformed_tariff_is_400()
    {
        var (definition, _) = await CurrentAsync();
        var incomplete = definition.DeepClone().AsObject();
        incomplete.Remove("vehicleClasses");
        var nullClass = definition.DeepClone().AsObject();
        nullClass["vehicleClasses"]![0]!["name"] = null;

        (await _client.SendAsync(HttpMethod.Put, "/v1/pricing", _owner, incomplete)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _client.SendAsync(HttpMethod.Put, "/v1/pricing", _owner, nullClass)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var malformed = new HttpRequestMessage(HttpMethod.Put, "/v1/pricing") { Content = new StringContent("{\"currency\": ", Encoding.UTF8, "application/json") };
        malformed.Headers.Authorization = new("Bearer", _owner);
        (await _client.SendAsync(malformed)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var array = await _client.SendAsync(HttpMethod.Put, "/v1/pricing", _owner, JsonNode.Parse("[1, 2]"));
        array.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await CurrentAsync()).ETag.ShouldBe("\"1\"");
    }

    [Fact]
    public async Task Of_two_concurrent_publishes_based_on_the_same_version_one_wins_and_the_other_is_409()
    {
        var (definition, etag) = await CurrentAsync();

        var responses = await Task.WhenAll(
            _client.SendAsync(HttpMethod.Put, "/v1/pricing", _owner, WithEstateFixedPrice(definition, 18100), etag),
            _client.SendAsync(HttpMethod.Put, "/v1/pricing", _owner, WithEstateFixedPrice(definition, 18200), etag));

        responses.Select(r => r.StatusCode).ShouldBe([HttpStatusCode.Created, HttpStatusCode.Conflict], ignoreOrder: true);
        var loser = responses.Single(r => r.StatusCode == HttpStatusCode.Conflict);
        (await loser.CodeAsync()).ShouldBe("tariff_version_conflict");
        var versions = await (await _client.SendAsync(HttpMethod.Get, "/v1/pricing/versions", _owner)).JsonAsync();
        versions.GetProperty("items").EnumerateArray().Count(v => v.GetProperty("current").GetBoolean()).ShouldBe(1);
        versions.GetProperty("items").GetArrayLength().ShouldBe(2);

        // A stale If-Match is refused too, and says which version is current.
        var stale = await _client.SendAsync(HttpMethod.Put, "/v1/pricing", _owner, WithEstateFixedPrice(definition, 18300), etag);
        stale.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await stale.JsonAsync()).GetProperty("currentVersion").GetString().ShouldBe("2");
    }

    [Fact]
    public async Task Concurrent_publishes_without_If_Match_never_leave_two_current_versions()
    {
        var (definition, _) = await CurrentAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            _client.SendAsync(HttpMethod.Put, "/v1/pricing", _owner, WithEstateFixedPrice(definition, 18000 + i))));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created || r.StatusCode == HttpStatusCode.Conflict);
        var won = responses.Count(r => r.StatusCode == HttpStatusCode.Created);
        won.ShouldBeGreaterThanOrEqualTo(1);
        var versions = await (await _client.SendAsync(HttpMethod.Get, "/v1/pricing/versions", _owner)).JsonAsync();
        versions.GetProperty("items").GetArrayLength().ShouldBe(1 + won);
        versions.GetProperty("items").EnumerateArray().Count(v => v.GetProperty("current").GetBoolean()).ShouldBe(1);
    }
}
