using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nots.Web;
using Platform.Testing;

namespace Nots.Tests;

public sealed class HostTests : IAsyncLifetime
{
    private ProductFactory<Program> _factory = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _factory = await ProductFactory<Program>.CreateAsync("Nots");
        _client = _factory.CreateClient();
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Ready_when_the_database_answers()
    {
        (await _client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Home_page_is_server_rendered_html_with_a_title_and_description()
    {
        var response = await _client.GetAsync("/");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("<title>NOTS");
        html.ShouldContain("name=\"description\"");
    }

    [Fact]
    public async Task Api_is_described_at_openapi_and_browsable_at_docs()
    {
        var document = await _client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        document.GetProperty("info").GetProperty("title").GetString().ShouldBe("NOTS API");
        (await _client.GetAsync("/docs/index.html")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
