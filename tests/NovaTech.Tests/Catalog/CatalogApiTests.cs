using System.Net;
using System.Net.Http.Json;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NovaTech.Contracts.Catalog;

namespace NovaTech.Tests.Catalog;

public sealed class CatalogApiTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_merchant_creates_a_product_of_the_contract_and_anyone_reads_it_by_slug_or_id()
    {
        var created = await _host.CreateProductAsync(new
        {
            name = "Vision 55 4K OLED TV",
            brand = "Lumen",
            category = "TV & Video > Televisions",
            description = "A **bright** panel.",
            status = "active",
            specs = new Dictionary<string, object> { ["Screen size"] = "55 in", ["HDR"] = true, ["Panel"] = "OLED" },
            variants = new[] { new { sku = "LUM-55-BLK", pricePence = 119_900L, attributes = new Dictionary<string, string> { ["colour"] = "Black" }, gtin = "5012345678900" } },
        });

        var id = created.GetProperty("id").GetString();
        created.GetProperty("slug").GetString().ShouldBe("vision-55-4k-oled-tv");
        created.GetProperty("version").GetInt32().ShouldBe(1);
        created.GetProperty("currency").GetString().ShouldBe("GBP");
        created.GetProperty("vatRateBasisPoints").GetInt32().ShouldBe(2000);
        created.GetProperty("descriptionHtml").GetString()!.ShouldContain("<strong>bright</strong>");
        var specs = created.GetProperty("specs").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        specs["Screen size"].GetProperty("kind").GetString().ShouldBe("number");
        specs["Screen size"].GetProperty("number").GetDouble().ShouldBe(55);
        specs["Screen size"].GetProperty("unit").GetString().ShouldBe("in");
        specs["HDR"].GetProperty("kind").GetString().ShouldBe("boolean");
        specs["Panel"].GetProperty("kind").GetString().ShouldBe("text");

        var bySlug = await _host.GetAsync("/api/v1/products/vision-55-4k-oled-tv");
        bySlug.GetProperty("id").GetString().ShouldBe(id);
        bySlug.GetProperty("brand").GetProperty("name").GetString().ShouldBe("Lumen");
        bySlug.GetProperty("category").GetProperty("path").EnumerateArray().Select(p => p.GetString()).ShouldBe(["tv-video", "televisions"]);
        bySlug.GetProperty("variants")[0].GetProperty("pricePence").GetInt64().ShouldBe(119_900);
        (await _host.GetAsync($"/api/v1/products/{id}")).GetProperty("slug").GetString().ShouldBe("vision-55-4k-oled-tv");
        await _host.GetAsync("/api/v1/products/no-such-thing", expected: HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_edit_based_on_a_stale_version_is_409_and_the_current_one_wins()
    {
        var created = await _host.CreateProductAsync(ApiHost.Product("Pocket Radio", sku: "RAD-1"));
        var id = created.GetProperty("id").GetString();
        var edit = ApiHost.Product("Pocket Radio Mk2", sku: "RAD-1", price: 4999);

        var first = await _host.JsonAsync(HttpMethod.Put, $"/api/v1/products/{id}", _host.Merchant, edit, ifMatch: "\"1\"");
        first.GetProperty("version").GetInt32().ShouldBe(2);
        first.GetProperty("name").GetString().ShouldBe("Pocket Radio Mk2");
        first.GetProperty("slug").GetString().ShouldBe("pocket-radio", "slugs stay stable when a name changes");

        var stale = await _host.JsonAsync(HttpMethod.Put, $"/api/v1/products/{id}", _host.Merchant, edit, HttpStatusCode.Conflict, ifMatch: "\"1\"");
        stale.GetProperty("code").GetString().ShouldBe("stale_version");

        edit["version"] = 2;
        (await _host.JsonAsync(HttpMethod.Put, $"/api/v1/products/{id}", _host.Merchant, edit)).GetProperty("version").GetInt32().ShouldBe(3);
        edit.Remove("version");
        (await _host.JsonAsync(HttpMethod.Put, $"/api/v1/products/{id}", _host.Merchant, edit, HttpStatusCode.UnprocessableEntity))
            .GetProperty("code").GetString().ShouldBe("version_required");
    }

    [Fact]
    public async Task A_node_that_read_a_product_before_another_node_edited_it_reads_the_edit_at_once()
    {
        var created = await _host.CreateProductAsync(ApiHost.Product("Desk Lamp", sku: "LAMP-1", price: 2999));
        var slug = created.GetProperty("slug").GetString();
        var id = created.GetProperty("id").GetString();
        await using var other = _host.Factory.WithWebHostBuilder(_ => { });
        using var otherClient = other.CreateClient();
        async Task<JsonElement> ReadOnOtherAsync() => await (await otherClient.GetAsync($"/api/v1/products/{slug}")).Content.ReadFromJsonAsync<JsonElement>();
        (await ReadOnOtherAsync()).GetProperty("variants")[0].GetProperty("pricePence").GetInt64().ShouldBe(2999);

        await _host.JsonAsync(HttpMethod.Put, $"/api/v1/products/{id}", _host.Merchant, ApiHost.Product("Desk Lamp", sku: "LAMP-1", price: 2499), ifMatch: "\"1\"");

        var after = await ReadOnOtherAsync();
        (after.GetProperty("version").GetInt32(), after.GetProperty("variants")[0].GetProperty("pricePence").GetInt64()).ShouldBe((2, 2499L));
        await _host.JsonAsync(HttpMethod.Post, $"/api/v1/products/{id}/archive", _host.Merchant);
        (await otherClient.GetAsync($"/api/v1/products/{slug}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Archived_and_draft_products_are_hidden_from_everyone_but_their_merchant_and_admins()
    {
        var draft = await _host.CreateProductAsync(ApiHost.Product("Secret Prototype", status: "draft"));
        var slug = draft.GetProperty("slug").GetString();
        await _host.GetAsync($"/api/v1/products/{slug}", expected: HttpStatusCode.NotFound);
        await _host.GetAsync($"/api/v1/products/{slug}", _host.Customer, HttpStatusCode.NotFound);
        await _host.GetAsync($"/api/v1/products/{slug}", _host.OtherMerchant, HttpStatusCode.NotFound);
        (await _host.GetAsync($"/api/v1/products/{slug}", _host.Merchant)).GetProperty("status").GetString().ShouldBe("draft");
        await _host.GetAsync($"/api/v1/products/{slug}", _host.Admin);

        var active = await _host.CreateProductAsync(ApiHost.Product("Old Walkman"));
        var id = active.GetProperty("id").GetString();
        await _host.GetAsync($"/api/v1/products/{id}");
        var archived = await _host.JsonAsync(HttpMethod.Post, $"/api/v1/products/{id}/archive", _host.Merchant);
        archived.GetProperty("status").GetString().ShouldBe("archived");
        await _host.GetAsync($"/api/v1/products/{id}", expected: HttpStatusCode.NotFound);
        (await _host.GetAsync($"/api/v1/products/{id}", _host.Merchant)).GetProperty("status").GetString().ShouldBe("archived");
        (await _host.JsonAsync(HttpMethod.Post, $"/api/v1/products/{id}/archive", _host.Merchant, expected: HttpStatusCode.Conflict))
            .GetProperty("code").GetString().ShouldBe("product_archived");
    }

    [Fact]
    public async Task Only_merchants_and_admins_write_and_a_merchant_only_their_own_products()
    {
        var body = ApiHost.Product("Guarded Gadget");
        (await _host.SendAsync(HttpMethod.Post, "/api/v1/products", null, body)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _host.SendAsync(HttpMethod.Post, "/api/v1/products", _host.Customer, body)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _host.SendAsync(HttpMethod.Get, "/api/v1/products", _host.Customer)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _host.SendAsync(HttpMethod.Post, "/api/v1/brands", _host.Customer, new { name = "Nope" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var created = await _host.CreateProductAsync(body);
        var id = created.GetProperty("id").GetString();
        created.GetProperty("merchantId").GetString().ShouldBe(_host.MerchantId.ToString());
        var edit = ApiHost.Product("Hijacked", sku: created.GetProperty("variants")[0].GetProperty("sku").GetString());
        (await _host.JsonAsync(HttpMethod.Put, $"/api/v1/products/{id}", _host.OtherMerchant, edit, HttpStatusCode.NotFound, "\"1\""))
            .GetProperty("code").GetString().ShouldBe("product_not_found");
        (await _host.JsonAsync(HttpMethod.Put, $"/api/v1/products/{id}", _host.Admin, edit, ifMatch: "\"1\"")).GetProperty("name").GetString().ShouldBe("Hijacked");

        var mine = await _host.GetAsync("/api/v1/products?limit=200", _host.Merchant);
        mine.GetProperty("items").EnumerateArray().ShouldContain(p => p.GetProperty("id").GetString() == id);
        var theirs = await _host.GetAsync("/api/v1/products?limit=200", _host.OtherMerchant);
        theirs.GetProperty("items").EnumerateArray().ShouldNotContain(p => p.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task Merchant_listing_pages_with_a_cursor_without_duplicates()
    {
        for (var i = 0; i < 5; i++)
        {
            await _host.CreateProductAsync(ApiHost.Product($"Listed Thing {i}"), _host.OtherMerchant);
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await _host.GetAsync("/api/v1/products?limit=2" + (cursor is null ? "" : "&cursor=" + cursor), _host.OtherMerchant);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        seen.Count.ShouldBe(5);
        seen.Distinct().Count().ShouldBe(5);
    }

    [Fact]
    public async Task Markdown_is_rendered_with_raw_html_and_script_links_escaped()
    {
        var created = await _host.CreateProductAsync(ApiHost.Product("Safe Text",
            description: "<script>alert('x')</script>\n\n**Bold** and [a link](https://example.com) and [bad](javascript:alert(1)) <img src=x onerror=alert(1)>"));
        var html = created.GetProperty("descriptionHtml").GetString()!;

        html.ShouldNotContain("<script>");
        html.ShouldContain("&lt;script&gt;");
        html.ShouldNotContain("<img");
        html.ShouldNotContain("javascript:");
        html.ShouldContain("<strong>Bold</strong>");
        html.ShouldContain("href=\"https://example.com\"");
        created.GetProperty("description").GetString()!.ShouldStartWith("<script>", customMessage: "the Markdown source is kept as written");
    }

    [Fact]
    public async Task Slugs_and_skus_are_unique()
    {
        var first = await _host.CreateProductAsync(ApiHost.Product("Twin Speaker"));
        var second = await _host.CreateProductAsync(ApiHost.Product("Twin Speaker"));
        first.GetProperty("slug").GetString().ShouldBe("twin-speaker");
        second.GetProperty("slug").GetString().ShouldBe("twin-speaker-2");

        var explicitTaken = ApiHost.Product("Other Speaker");
        explicitTaken["slug"] = "twin-speaker";
        (await _host.JsonAsync(HttpMethod.Post, "/api/v1/products", _host.Merchant, explicitTaken, HttpStatusCode.Conflict)).GetProperty("code").GetString().ShouldBe("slug_taken");

        var skuTaken = ApiHost.Product("Third Speaker", sku: first.GetProperty("variants")[0].GetProperty("sku").GetString());
        (await _host.JsonAsync(HttpMethod.Post, "/api/v1/products", _host.Merchant, skuTaken, HttpStatusCode.Conflict)).GetProperty("code").GetString().ShouldBe("sku_taken");
    }

    [Fact]
    public async Task Bad_products_are_4xx_problems_and_write_nothing()
    {
        var noVariants = ApiHost.Product("Empty");
        noVariants["variants"] = Array.Empty<object>();
        (await _host.SendAsync(HttpMethod.Post, "/api/v1/products", _host.Merchant, noVariants)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var badVat = ApiHost.Product("Odd VAT", brand: "Brand Never Seen");
        badVat["vatRateBasisPoints"] = 1234;
        (await _host.JsonAsync(HttpMethod.Post, "/api/v1/products", _host.Merchant, badVat, HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString().ShouldBe("invalid_vat_rate");

        var badGtin = ApiHost.Product("Odd Barcode", brand: "Brand Never Seen");
        badGtin["variants"] = new[] { new { sku = "GT-1", pricePence = 100L, gtin = "5012345678901" } };
        (await _host.JsonAsync(HttpMethod.Post, "/api/v1/products", _host.Merchant, badGtin, HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString().ShouldBe("invalid_gtin");

        var brands = await _host.GetAsync("/api/v1/brands");
        brands.GetProperty("items").EnumerateArray().ShouldNotContain(b => b.GetProperty("name").GetString() == "Brand Never Seen");
    }

    [Fact]
    public async Task Categories_form_a_tree_created_on_first_use_or_by_their_endpoint()
    {
        await _host.CreateProductAsync(ApiHost.Product("Studio Monitor", category: "Audio > Speakers > Studio Monitors"));
        var created = await _host.JsonAsync(HttpMethod.Post, "/api/v1/categories", _host.Merchant, new { name = "Soundbars", parent = "audio" }, HttpStatusCode.Created);
        created.GetProperty("path").EnumerateArray().Select(p => p.GetString()).ShouldBe(["audio", "soundbars"]);
        (await _host.JsonAsync(HttpMethod.Post, "/api/v1/categories", _host.Merchant, new { name = "Soundbars", parent = "audio" }, HttpStatusCode.Conflict))
            .GetProperty("code").GetString().ShouldBe("category_exists");

        var tree = await _host.GetAsync("/api/v1/categories");
        var audio = tree.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("slug").GetString() == "audio");
        var children = audio.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("slug").GetString()).ToList();
        children.ShouldBe(["soundbars", "speakers"]);
        audio.GetProperty("children")[1].GetProperty("children")[0].GetProperty("slug").GetString().ShouldBe("studio-monitors");

        (await _host.JsonAsync(HttpMethod.Post, "/api/v1/brands", _host.Merchant, new { name = "Ohm & Co" }, HttpStatusCode.Created)).GetProperty("slug").GetString().ShouldBe("ohm-co");
        (await _host.JsonAsync(HttpMethod.Post, "/api/v1/brands", _host.Merchant, new { name = "OHM & CO" }, HttpStatusCode.Conflict)).GetProperty("code").GetString().ShouldBe("brand_exists");
    }

    [Fact]
    public async Task A_csv_import_takes_the_good_rows_and_reports_the_bad_one_by_row()
    {
        const string csv = """
            handle,name,brand,category,sku,price_pence,attributes,specs,description
            csv-phone,CSV Phone,Orbit,Phones,CSV-P-128,49900,colour=Black;storage=128 GB,Screen size=6.1 in,A phone
            ,Broken Row,Orbit,Phones,CSV-BAD,not-a-price,,,
            csv-phone,CSV Phone,Orbit,Phones,CSV-P-256,59900,colour=Black;storage=256 GB,,
            ,CSV Cable,Orbit,Accessories,CSV-C-1,999,,Length=1 m,
            """;
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "products.csv");
        var accepted = await _host.JsonAsync(HttpMethod.Post, "/api/v1/products/import", _host.Merchant, form, HttpStatusCode.Accepted);
        accepted.GetProperty("totalRows").GetInt32().ShouldBe(4);
        var jobId = accepted.GetProperty("jobId").GetString();

        JsonElement job = default;
        await ApiHost.EventuallyAsync(async () =>
        {
            job = await _host.GetAsync($"/api/v1/products/import/{jobId}", _host.Merchant);
            return job.GetProperty("status").GetString() == "completed";
        }, "the import to complete");

        job.GetProperty("processed").GetInt32().ShouldBe(4);
        job.GetProperty("succeeded").GetInt32().ShouldBe(3);
        job.GetProperty("failed").GetInt32().ShouldBe(1);
        var error = job.GetProperty("errors").EnumerateArray().ShouldHaveSingleItem();
        error.GetProperty("row").GetInt32().ShouldBe(3, "the header is row 1");
        error.GetProperty("message").GetString()!.ShouldContain("price_pence");

        var phone = await _host.GetAsync("/api/v1/products/csv-phone", _host.Merchant);
        phone.GetProperty("status").GetString().ShouldBe("draft", "rows without a status column import as drafts");
        phone.GetProperty("variants").EnumerateArray().Select(v => v.GetProperty("sku").GetString()).ShouldBe(["CSV-P-128", "CSV-P-256"]);
        await _host.GetAsync("/api/v1/products/csv-cable", _host.Merchant);
        await _host.GetAsync($"/api/v1/products/import/{jobId}", _host.OtherMerchant, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_import_that_is_not_a_csv_or_lacks_columns_is_refused_up_front()
    {
        using var notCsv = new MultipartFormDataContent();
        var image = new ByteArrayContent([0x89, 0x50, 0x4e, 0x47]);
        image.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        notCsv.Add(image, "file", "picture.png");
        (await _host.SendAsync(HttpMethod.Post, "/api/v1/products/import", _host.Merchant, notCsv)).StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);

        using var noColumns = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("name,brand\nA,B\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        noColumns.Add(file, "file", "products.csv");
        var problem = await _host.JsonAsync(HttpMethod.Post, "/api/v1/products/import", _host.Merchant, noColumns, HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("code").GetString().ShouldBe("invalid_csv_header");
    }

    [Fact]
    public async Task The_catalog_lookup_answers_other_modules_with_prices_and_purchasability()
    {
        await _host.CreateProductAsync(ApiHost.Product("Lookup Lamp", sku: "LAMP-1", price: 2599));
        await _host.CreateProductAsync(ApiHost.Product("Draft Lamp", sku: "LAMP-2", price: 3599, status: "draft"));
        await using var scope = _host.Factory.Services.CreateAsyncScope();
        var lookup = scope.ServiceProvider.GetRequiredService<ICatalogLookup>();

        var skus = await lookup.GetSkusAsync(["LAMP-1", "LAMP-2", "NOPE"]);

        skus.Keys.Order().ShouldBe(["LAMP-1", "LAMP-2"]);
        skus["LAMP-1"].PricePence.ShouldBe(2599);
        skus["LAMP-1"].VatRateBasisPoints.ShouldBe(2000);
        skus["LAMP-1"].ProductName.ShouldBe("Lookup Lamp");
        skus["LAMP-1"].VariantName.ShouldBe("Black");
        skus["LAMP-1"].Slug.ShouldBe("lookup-lamp");
        skus["LAMP-1"].Purchasable.ShouldBeTrue();
        skus["LAMP-2"].Purchasable.ShouldBeFalse();
    }
}
