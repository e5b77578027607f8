namespace Architecture.Tests;

public sealed class ModuleRulesTests
{
    private static readonly ProjectGraph Graph = ProjectGraph.Load();

    [Fact]
    public void The_graph_covers_the_platform_and_both_products()
    {
        Graph.References.Keys.ShouldContain("Platform.Persistence");
        Graph.References.Keys.ShouldContain("Nots.Web");
        Graph.References.Keys.ShouldContain("NovaTech.Web");
    }

    [Fact]
    public void Platform_references_no_product_and_products_reference_each_other_only_through_contracts()
    {
        Graph.Violations().ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Platform.Web", "Nots.Bookings", "Platform must never reference a product")]
    [InlineData("Nots.Bookings", "NovaTech.Contracts", "products never reference each other")]
    [InlineData("Nots.Dispatch", "Nots.Bookings", "modules talk to other modules only through Contracts")]
    [InlineData("Nots.Contracts", "Nots.Bookings", "Contracts reference no module")]
    public void A_forbidden_reference_is_reported(string from, string to, string why)
    {
        var graph = new ProjectGraph(new Dictionary<string, IReadOnlyList<string>> { [from] = [to] });
        graph.Violations().ShouldBe([$"{from} -> {to}: {why}"]);
    }

    [Theory]
    [InlineData("Nots.Dispatch", "Nots.Contracts")]
    [InlineData("Nots.Web", "Nots.Bookings")]
    [InlineData("NovaTech.Ordering", "Platform.Messaging")]
    public void An_allowed_reference_is_not_reported(string from, string to)
    {
        var graph = new ProjectGraph(new Dictionary<string, IReadOnlyList<string>> { [from] = [to] });
        graph.Violations().ShouldBeEmpty();
    }
}
