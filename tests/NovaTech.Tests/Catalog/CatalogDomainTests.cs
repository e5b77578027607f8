using NovaTech.Catalog.Demo;
using NovaTech.Catalog.Domain;
using Platform.Web;

namespace NovaTech.Tests.Catalog;

public sealed class CatalogDomainTests
{
    private static readonly DateTimeOffset Now = new(2027, 5, 3, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("Samsung Galaxy S25 Ultra", "samsung-galaxy-s25-ultra")]
    [InlineData("  TV & Video  ", "tv-video")]
    [InlineData("Crème Brûlée 55\"", "creme-brulee-55")]
    [InlineData("Disney+ Box", "disney-plus-box")]
    public void Slugs_are_lowercase_ascii_words(string text, string slug) => Slugs.From(text).ShouldBe(slug);

    [Theory]
    [InlineData("55 in", "Number", "55 in")]
    [InlineData("1.2 kg", "Number", "1.2 kg")]
    [InlineData("120Hz", "Number", "120 Hz")]
    [InlineData("Yes", "Boolean", "Yes")]
    [InlineData("false", "Boolean", "No")]
    [InlineData("OLED", "Text", "OLED")]
    [InlineData("Wi-Fi 6E", "Text", "Wi-Fi 6E")]
    public void Specs_are_read_as_typed_values(string value, string kind, string display)
    {
        var spec = ProductSpec.Parse("Spec", value);
        spec.Kind.ToString().ShouldBe(kind);
        spec.DisplayValue.ShouldBe(display);
        spec.Filterable.ShouldBeTrue();
    }

    [Fact]
    public void Long_text_specs_are_not_filterable_unless_marked() =>
        ProductSpec.Parse("Notes", new string('x', 60)).Filterable.ShouldBeFalse();

    [Theory]
    [InlineData("5012345678900", true)]
    [InlineData("5012345678901", false)]
    [InlineData("96385074", true)]
    [InlineData("ABC", false)]
    public void Gtins_carry_a_check_digit(string gtin, bool valid) => ProductVariant.IsValidGtin(gtin).ShouldBe(valid);

    [Fact]
    public void An_edit_of_an_old_version_is_refused_and_an_archived_product_cannot_be_edited()
    {
        var brand = Brand.Create("Acme", Now);
        var category = Category.Create("Gadgets", null, Now);
        var draft = new ProductDraft("Widget", "text", ProductStatus.Active, 2000, [], [], [new VariantDraft("W-1", 1000, null, 100, null, null)]);
        var product = Product.Create(draft, brand, category, Guid.NewGuid(), "widget", Now);

        product.Update(draft with { Name = "Widget 2" }, brand, category, "widget", 1, Now);
        product.Version.ShouldBe(2);
        Should.Throw<DomainException>(() => product.Update(draft, brand, category, "widget", 1, Now)).Code.ShouldBe("stale_version");

        product.Archive(2, Now);
        product.Status.ShouldBe(ProductStatus.Archived);
        Should.Throw<DomainException>(() => product.Update(draft, brand, category, "widget", 3, Now)).Code.ShouldBe("product_archived");
    }

    [Fact]
    public void A_product_needs_variants_with_distinct_skus_and_positive_prices()
    {
        var brand = Brand.Create("Acme", Now);
        var category = Category.Create("Gadgets", null, Now);
        var draft = new ProductDraft("Widget", null, ProductStatus.Draft, 2000, [], [], []);
        Should.Throw<DomainException>(() => Product.Create(draft, brand, category, Guid.Empty, "w", Now)).Code.ShouldBe("invalid_variants");
        Should.Throw<DomainException>(() => Product.Create(draft with { Variants = [new("A", 1, null, 0, null, null), new("A", 2, null, 0, null, null)] }, brand, category, Guid.Empty, "w", Now))
            .Code.ShouldBe("duplicate_sku");
        Should.Throw<DomainException>(() => Product.Create(draft with { Variants = [new("A", 0, null, 0, null, null)] }, brand, category, Guid.Empty, "w", Now))
            .Code.ShouldBe("invalid_price");
    }

    [Fact]
    public void The_demo_catalog_is_deterministic_realistic_and_unique()
    {
        var first = DemoCatalog.Generate(3000, seed: 7).ToList();
        var again = DemoCatalog.Generate(3000, seed: 7).ToList();

        again.Select(p => p.Name).ShouldBe(first.Select(p => p.Name));
        first.Select(p => Slugs.From(p.Name)).Distinct().Count().ShouldBe(3000);
        first.SelectMany(p => p.Variants).Select(v => v.Sku).Distinct().Count().ShouldBe(first.Sum(p => p.Variants.Count));
        first.SelectMany(p => p.Variants).ShouldAllBe(v => v.PricePence > 0 && ProductVariant.IsValidGtin(v.Gtin));
        first.Select(p => p.CategoryPath.Split(" > ")[0]).Distinct().Count().ShouldBeGreaterThanOrEqualTo(6);
        first.ShouldContain(p => p.Name.Contains("4K", StringComparison.Ordinal) && p.Name.Contains("TV", StringComparison.Ordinal));
        first.ShouldContain(p => p.Variants.Count > 1);
    }
}
