using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nots.Pricing.Data;
using Nots.Web;
using Platform.Messaging;
using Platform.Testing;

namespace Nots.Tests.Pricing.Api;

/// <summary>The owner publishing a tariff reaches the append-only audit log, through the pricing outbox.</summary>
public sealed class TariffAuditTests : IAsyncLifetime
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

    [Fact]
    public async Task Publishing_a_tariff_is_audited_once_with_the_owner_and_before_after_and_a_rejected_publish_writes_nothing()
    {
        var current = await _client.SendAsync(HttpMethod.Get, "/v1/pricing", _owner);
        var definition = JsonNode.Parse(await current.Content.ReadAsStringAsync())!["definition"]!.AsObject();
        var estate = definition["fixedRoutes"]![0]!["pencePerClass"]!["estate"]!.GetValue<int>();

        // Rejected first: invalid (422) and incomplete (400) publishes leave no event behind.
        var broken = definition.DeepClone().AsObject();
        broken["returnDiscountPercent"] = 150;
        (await _client.SendAsync(HttpMethod.Put, "/v1/pricing", _owner, broken)).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var incomplete = definition.DeepClone().AsObject();
        incomplete.Remove("vehicleClasses");
        (await _client.SendAsync(HttpMethod.Put, "/v1/pricing", _owner, incomplete)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await OutboxCountAsync()).ShouldBe(0);

        var changed = definition.DeepClone().AsObject();
        changed["fixedRoutes"]![0]!["pencePerClass"]!["estate"] = estate + 500;
        (await _client.SendAsync(HttpMethod.Put, "/v1/pricing", _owner, changed, current.Headers.ETag!.Tag)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await OutboxCountAsync()).ShouldBe(1);

        var entries = await WaitForAuditAsync(1);
        var entry = entries.ShouldHaveSingleItem();
        entry.GetProperty("action").GetString().ShouldBe("nots.tariff-published.v1");
        entry.GetProperty("subjectType").GetString().ShouldBe("tariff");
        entry.GetProperty("subjectId").GetString().ShouldBe("2");
        entry.GetProperty("actorUserId").GetString().ShouldBe(Sub(_owner));
        entry.GetProperty("summary").GetString().ShouldBe("Tariff version 2 published (replaces version 1): fixedRoutes changed");
        var before = JsonNode.Parse(entry.GetProperty("before").GetString()!)!.AsObject();
        var after = JsonNode.Parse(entry.GetProperty("after").GetString()!)!.AsObject();
        before.Select(p => p.Key).ShouldBe(["fixedRoutes"]);
        after.Select(p => p.Key).ShouldBe(["fixedRoutes"]);
        before["fixedRoutes"]![0]!["pencePerClass"]!["estate"]!.GetValue<int>().ShouldBe(estate);
        after["fixedRoutes"]![0]!["pencePerClass"]!["estate"]!.GetValue<int>().ShouldBe(estate + 500);

        // A stale If-Match is 409 and adds nothing either.
        (await _client.SendAsync(HttpMethod.Put, "/v1/pricing", _owner, changed, current.Headers.ETag!.Tag)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await OutboxCountAsync()).ShouldBe(1);
        (await WaitForAuditAsync(1)).Count.ShouldBe(1);
    }

    [Fact]
    public void Changes_lists_only_the_top_level_fields_that_differ_and_ignores_the_version()
    {
        var (fields, before, after) = Nots.Pricing.Tariffs.TariffStore.Changes(
            """{"version":"1","currency":"GBP","returnDiscountPercent":5,"vehicleClasses":[{"name":"saloon"}]}""",
            """{"version":"2","currency":"GBP","returnDiscountPercent":10,"vehicleClasses":[{"name":"saloon"}]}""");

        fields.ShouldBe(["returnDiscountPercent"]);
        before.ShouldBe("""{"returnDiscountPercent":5}""");
        after.ShouldBe("""{"returnDiscountPercent":10}""");
    }

    private async Task<int> OutboxCountAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PricingDbContext>();
        return await db.Set<OutboxMessage>().CountAsync(m => m.MessageType == "nots.tariff-published.v1");
    }

    private async Task<List<JsonElement>> WaitForAuditAsync(int expected)
    {
        JsonElement page = default;
        for (var i = 0; i < 300; i++)
        {
            var response = await _client.SendAsync(HttpMethod.Get, "/v1/audit?subjectType=tariff", _owner);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            page = await response.JsonAsync();
            if (page.GetProperty("items").GetArrayLength() >= expected)
            {
                break;
            }

            await Task.Delay(50);
        }

        return page.GetProperty("items").EnumerateArray().ToList();
    }

    private static string Sub(string token)
    {
        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        return JsonDocument.Parse(Convert.FromBase64String(payload)).RootElement.GetProperty("sub").GetString()!;
    }
}
