using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Nots.Web;
using Platform.Identity;
using Platform.Testing;

namespace Nots.Tests.Fleet;

/// <summary>The real NOTS host on its own database, mail folder and file store; staff without MFA (test setting).</summary>
internal sealed partial class FleetTestHost : IAsyncDisposable
{
    public const string Password = "a long enough secret";
    private readonly ProductFactory<Program> _factory;
    private readonly string _scratch;

    private FleetTestHost(ProductFactory<Program> factory, string scratch)
    {
        _factory = factory;
        _scratch = scratch;
        Client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
    }

    public HttpClient Client { get; }

    public string MailDirectory => Path.Combine(_scratch, "mail");

    public IServiceProvider Services => _factory.Services;

    public static async Task<FleetTestHost> StartAsync(params KeyValuePair<string, string?>[] settings)
    {
        var scratch = Path.Combine(Path.GetTempPath(), "nots-fleet-tests", Guid.NewGuid().ToString("N"));
        var factory = await ProductFactory<Program>.CreateAsync("Nots",
        [
            new("Identity:RequireStaffMfa", "false"),
            new("Fleet:ComplianceAlerts:Enabled", "false"),
            new("Fleet:PublicBaseUrl", "https://nots.test"),
            new("Notifications:RetryIntervalSeconds", "1"),
            new("Email:PickupDirectory", Path.Combine(scratch, "mail")),
            new("Storage:Root", Path.Combine(scratch, "files")),
            .. settings,
        ]);
        var host = new FleetTestHost(factory, scratch);
        (await host.Client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        return host;
    }

    // ---- people ----

    public async Task<Person> StaffAsync(string role = "admin")
    {
        var email = $"{role}.{Guid.NewGuid():N}@nots.test";
        await using (var scope = Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAccounts>().EnsureAsync(email, Password, "Ada " + role, role);
        }

        return await SignInAsync(email, Password);
    }

    public async Task<Person> CustomerAsync()
    {
        var email = $"cust.{Guid.NewGuid():N}@example.test";
        (await Client.PostAsJsonAsync("/v1/auth/register", new { email, password = Password, name = "Carol Customer" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        return await SignInAsync(email, Password);
    }

    public async Task<Person> SignInAsync(string email, string password)
    {
        var response = await Client.PostAsJsonAsync("/v1/auth/token", new { email, password });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload += new string('=', (4 - (payload.Length % 4)) % 4);
        var sub = JsonDocument.Parse(Convert.FromBase64String(payload)).RootElement.GetProperty("sub").GetString()!;
        return new Person(email, token, sub);
    }

    /// <summary>Onboards a driver as <paramref name="admin"/>; returns the driver JSON.</summary>
    public async Task<JsonElement> OnboardAsync(Person admin, string? name = null, string? email = null)
    {
        var n = Interlocked.Increment(ref _sequence);
        var body = new
        {
            name = name ?? "Dan Driver",
            email = email ?? $"driver.{Guid.NewGuid():N}@example.test",
            phone = "07700 900" + (100 + (n % 800)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            licenceNumber = LicenceNumber(n),
            badgeNumber = $"PHD-{Guid.NewGuid():N}"[..20],
        };
        return await JsonAsync(await SendAsync(HttpMethod.Post, "/v1/drivers", body, admin), HttpStatusCode.Created);
    }

    private static int _sequence;

    /// <summary>A well-formed, unique DVLA number: surname block varies with <paramref name="n"/>.</summary>
    public static string LicenceNumber(int n)
    {
        const string Letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        var surname = string.Concat(Enumerable.Range(0, 5).Select(_ => Letters[Random.Shared.Next(26)]));
        var check = string.Concat(Enumerable.Range(0, 2).Select(_ => Letters[Random.Shared.Next(26)]));
        return surname + "801155" + "DA" + (n % 10).ToString(System.Globalization.CultureInfo.InvariantCulture) + check;
    }

    /// <summary>Takes the invitation e-mail, sets a password with its token and signs the driver in.</summary>
    public async Task<Person> AcceptInvitationAsync(string email, string password = "the driver's own password")
    {
        var mail = await WaitForEmailAsync(email, "set your password");
        var text = mail.Leaves().First(p => p.ContentType.MediaType == "text/plain").Text;
        var link = LinkPattern().Match(text).Value;
        link.ShouldStartWith("https://nots.test/driver/set-password?");
        var query = QueryHelpers.ParseQuery(new Uri(link).Query);
        query["email"].ToString().ShouldBe(email);
        var set = await Client.PostAsJsonAsync("/v1/auth/password/reset", new { email, token = query["token"].ToString(), newPassword = password });
        set.StatusCode.ShouldBe(HttpStatusCode.NoContent, await set.Content.ReadAsStringAsync());
        return await SignInAsync(email, password);
    }

    public async Task<MimePart> WaitForEmailAsync(string to, string subjectContains)
    {
        for (var i = 0; i < 300; i++)
        {
            if (Directory.Exists(MailDirectory))
            {
                foreach (var file in Directory.GetFiles(MailDirectory, "*.eml"))
                {
                    MimePart mail;
                    try
                    {
                        mail = MimePart.Parse(await File.ReadAllTextAsync(file));
                    }
                    catch (Exception ex) when (ex is FormatException or IOException)
                    {
                        continue; // still being written
                    }

                    if (mail.Header("To").Contains(to, StringComparison.OrdinalIgnoreCase) && mail.Header("Subject").Contains(subjectContains, StringComparison.Ordinal))
                    {
                        return mail;
                    }
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No '{subjectContains}' e-mail to {to} in {MailDirectory}.");
    }

    // ---- HTTP ----

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, Person? user = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (user is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await Client.SendAsync(request);
    }

    public async Task<HttpResponseMessage> UploadAsync(Person user, string ownerType, object ownerId, string documentType, string? expiresOn, byte[] content,
        string fileName = "doc.pdf", string? issuedOn = null)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(ownerType), "ownerType" },
            { new StringContent(ownerId.ToString()!), "ownerId" },
            { new StringContent(documentType), "documentType" },
        };
        if (expiresOn is not null)
        {
            form.Add(new StringContent(expiresOn), "expiresOn");
        }

        if (issuedOn is not null)
        {
            form.Add(new StringContent(issuedOn), "issuedOn");
        }

        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".pdf", StringComparison.Ordinal) ? "application/pdf" : "image/png");
        form.Add(file, "file", fileName);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/compliance") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        return await Client.SendAsync(request);
    }

    /// <summary>Uploads and verifies a document; returns its id.</summary>
    public async Task<Guid> VerifiedDocumentAsync(Person admin, string ownerType, Guid ownerId, string documentType, DateOnly expiresOn, DateOnly? issuedOn = null)
    {
        var uploaded = await JsonAsync(await UploadAsync(admin, ownerType, ownerId, documentType, Date(expiresOn), Pdf, issuedOn: issuedOn is { } i ? Date(i) : null), HttpStatusCode.Created);
        var id = uploaded.GetProperty("id").GetGuid();
        await JsonAsync(await SendAsync(HttpMethod.Post, $"/v1/compliance/{id}/verify", null, admin), HttpStatusCode.OK);
        return id;
    }

    public static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).DateTime);

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"u8.ToArray();

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, text);
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task ProblemAsync(HttpResponseMessage response, HttpStatusCode expected, string code)
    {
        var problem = await JsonAsync(response, expected);
        problem.GetProperty("code").GetString().ShouldBe(code, problem.ToString());
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"https?://\S+")]
    private static partial System.Text.RegularExpressions.Regex LinkPattern();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        try
        {
            Directory.Delete(_scratch, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
        catch (UnauthorizedAccessException)
        {
            // Left for the OS to clean.
        }
    }
}

internal sealed record Person(string Email, string Token, string Sub);

/// <summary>One host (and database) per test class.</summary>
public sealed class FleetHostFixture : IAsyncLifetime
{
    internal FleetTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await FleetTestHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
