using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using NovaTech.Catalog;
using NovaTech.Catalog.Features.Import;
using NovaTech.Catalog.Features.Merchant;
using NovaTech.Catalog.Features.Products;
using Platform.Identity;
using Platform.Web;

namespace NovaTech.Web.Merchant;

/// <summary>The product list with its filters.</summary>
public sealed record ProductListModel(Desk Desk, ProductPage Page, MerchantProductFilter Filter, MerchantFilterOptions Options, int Skip, string? Problem);

/// <summary>The product form as posted: plain strings, variants and specs one per line.</summary>
public sealed record ProductForm
{
    public string? Name { get; set; }

    public string? Brand { get; set; }

    public string? Category { get; set; }

    public string? Description { get; set; }

    public string? Status { get; set; }

    public string? Vat { get; set; }

    /// <summary>One spec a line: <c>Screen size: 55 in</c>.</summary>
    public string? Specs { get; set; }

    /// <summary>One variant a line: <c>SKU | price in pounds | colour=Black; storage=128 GB | weight in grams | GTIN</c>.</summary>
    public string? Variants { get; set; }

    public string? Version { get; set; }

    public static ProductForm From(ProductResponse product) => new()
    {
        Name = product.Name,
        Brand = product.Brand.Name,
        Category = string.Join(" > ", product.Category.Path.Count > 0 ? product.Category.Path : [product.Category.Name]),
        Description = product.Description,
        Status = product.Status == "active" ? "active" : "draft",
        Vat = product.VatRateBasisPoints.ToString(CultureInfo.InvariantCulture),
        Specs = string.Join('\n', product.Specs.Select(s => $"{s.Name}: {s.Value}")),
        Variants = string.Join('\n', product.Variants.Select(v =>
            $"{v.Sku} | {(v.PricePence / 100m).ToString("0.00", CultureInfo.InvariantCulture)} | {string.Join("; ", v.Attributes.Select(a => $"{a.Key}={a.Value}"))} | {v.WeightGrams}{(v.Gtin is null ? "" : " | " + v.Gtin)}")),
        Version = product.Version.ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>Creating or editing a product.</summary>
public sealed record ProductFormModel(Desk Desk, ProductResponse? Product, ProductForm Form, IReadOnlyDictionary<string, string> Errors, string? Problem)
{
    public string? ErrorOf(string field) => Errors.GetValueOrDefault(field);

    public string Action => Product is null ? "/merchant/catalog/new" : $"/merchant/catalog/{Product.Id}";
}

/// <summary>The CSV import form.</summary>
public sealed record ImportFormModel(Desk Desk, string? Problem);

/// <summary>An import's progress and row errors.</summary>
public sealed record ImportJobModel(Desk Desk, ImportJobResponse Job)
{
    public bool Running => Job.Status is "pending" or "running" or "queued";
}

/// <summary>
/// Catalog pages (merchants and admins: staff policy plus the catalog's editor policy): list with search and filters,
/// create/edit with variants and specs (the form carries the version; a stale edit is a 409 with a clear message),
/// archive, and CSV import through the catalog's own import job with its progress and a downloadable row-error report.
/// </summary>
internal static class MerchantCatalogPages
{
    public static void MapMerchantCatalogPages(this IEndpointRouteBuilder app)
    {
        var editors = app.MapGroup("/merchant/catalog").RequireAuthorization(PlatformPolicies.Staff, CatalogModule.EditorPolicy).ExcludeFromDescription();
        editors.MapGet("", ListAsync);
        editors.MapGet("new", NewAsync);
        editors.MapPost("new", CreateAsync);
        editors.MapGet("import", ImportFormAsync);
        editors.MapPost("import", ImportAsync).WithRequestBodyLimit(IMerchantCatalog.MaxImportBytes + (64 * 1024));
        editors.MapGet("import/{jobId:guid}", ImportJobAsync);
        editors.MapGet("import/{jobId:guid}/errors.csv", ImportErrorsAsync);
        editors.MapGet("{id:guid}", EditAsync);
        editors.MapPost("{id:guid}", SaveAsync);
        editors.MapPost("{id:guid}/archive", ArchiveAsync);
    }

    private static async Task<IResult> ListAsync(string? q, string? status, string? brand, string? category, int? skip, HttpContext http, MerchantContext merchant, IMerchantCatalog catalog)
    {
        var desk = merchant.Desk(http, "catalog");
        static string? Clean(string? value, int max) => string.IsNullOrWhiteSpace(value) ? null : value.Trim() is var v && v.Length > max ? v[..max] : value.Trim();
        var filter = new MerchantProductFilter(Clean(q, 100), Clean(status, 20), Clean(brand, 100), Clean(category, 100));
        var options = await catalog.FilterOptionsAsync(http.RequestAborted);
        try
        {
            var page = await catalog.ListAsync(http.User, filter, skip ?? 0, 25, http.RequestAborted);
            return Pages.Render<ProductListPage>(new ProductListModel(desk, page, filter, options, Math.Max(0, skip ?? 0), null));
        }
        catch (DomainException exception)
        {
            return Pages.Render<ProductListPage>(new ProductListModel(desk, new ProductPage([], null), filter, options, 0, exception.Message), StatusCodes.Status400BadRequest);
        }
    }

    private static HtmlPage<ProductFormPage> NewAsync(HttpContext http, MerchantContext merchant) =>
        Pages.Render<ProductFormPage>(new ProductFormModel(merchant.Desk(http, "catalog"), null,
            new ProductForm { Status = "draft", Vat = "2000" }, new Dictionary<string, string>(), null));

    private static async Task<IResult> EditAsync(Guid id, HttpContext http, MerchantContext merchant, IMerchantCatalog catalog)
    {
        var product = await catalog.FindAsync(id, http.User, http.RequestAborted);
        return product is null
            ? NotFound(http, merchant)
            : Pages.Render<ProductFormPage>(new ProductFormModel(merchant.Desk(http, "catalog"), product, ProductForm.From(product), new Dictionary<string, string>(), null));
    }

    private static async Task<IResult> CreateAsync([FromForm] ProductForm form, HttpContext http, MerchantContext merchant, IMerchantCatalog catalog)
    {
        var (request, errors) = Parse(form, null);
        if (request is not null)
        {
            try
            {
                var created = await catalog.CreateAsync(request, http.User, http.RequestAborted);
                MerchantContext.SetFlash(http, new Flash(true, $"{created.Name} created as {created.Status}."));
                return Pages.SeeOther($"/merchant/catalog/{created.Id}");
            }
            catch (DomainException exception)
            {
                return Pages.Render<ProductFormPage>(new ProductFormModel(merchant.Desk(http, "catalog"), null, form, errors, exception.Message), MerchantPages.StatusOf(exception));
            }
        }

        return Pages.Render<ProductFormPage>(new ProductFormModel(merchant.Desk(http, "catalog"), null, form, errors, null), StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> SaveAsync(Guid id, [FromForm] ProductForm form, HttpContext http, MerchantContext merchant, IMerchantCatalog catalog)
    {
        var product = await catalog.FindAsync(id, http.User, http.RequestAborted);
        if (product is null)
        {
            return NotFound(http, merchant);
        }

        var (request, errors) = Parse(form, product);
        if (!int.TryParse(form.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            errors[""] = "The form lost track of the product's version: open the product again.";
            request = null;
        }

        if (request is not null)
        {
            try
            {
                var saved = await catalog.UpdateAsync(id, request, version, http.User, http.RequestAborted);
                MerchantContext.SetFlash(http, new Flash(true, $"{saved.Name} saved."));
                return Pages.SeeOther($"/merchant/catalog/{saved.Id}");
            }
            catch (DomainException exception) when (exception.Code == "stale_version")
            {
                var current = await catalog.FindAsync(id, http.User, http.RequestAborted);
                var problem = $"Someone else saved this product while you were editing it (it is now at version {current?.Version}). Your changes were not saved. "
                    + "They are still in the form below: compare them with the current product (open it again in another tab), then save once more.";
                return Pages.Render<ProductFormPage>(new ProductFormModel(merchant.Desk(http, "catalog"), product, form with { Version = current?.Version.ToString(CultureInfo.InvariantCulture) ?? form.Version },
                    errors, problem), StatusCodes.Status409Conflict);
            }
            catch (DomainException exception)
            {
                return Pages.Render<ProductFormPage>(new ProductFormModel(merchant.Desk(http, "catalog"), product, form, errors, exception.Message), MerchantPages.StatusOf(exception));
            }
        }

        return Pages.Render<ProductFormPage>(new ProductFormModel(merchant.Desk(http, "catalog"), product, form, errors, null), StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> ArchiveAsync(Guid id, [FromForm] string? version, HttpContext http, MerchantContext merchant, IMerchantCatalog catalog)
    {
        try
        {
            var archived = await catalog.ArchiveAsync(id, int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null, http.User, http.RequestAborted);
            MerchantContext.SetFlash(http, new Flash(true, $"{archived.Name} is archived: it is off sale and no longer shown in the shop."));
        }
        catch (DomainException exception) when (exception.Kind == DomainErrorKind.NotFound)
        {
            return NotFound(http, merchant);
        }
        catch (DomainException exception)
        {
            MerchantContext.SetFlash(http, new Flash(false, exception.Code == "stale_version"
                ? "Someone else changed this product since you opened it; nothing was archived. Check the current version and try again." : exception.Message));
        }

        return Pages.SeeOther($"/merchant/catalog/{id}");
    }

    private static HtmlPage<ImportPage> ImportFormAsync(HttpContext http, MerchantContext merchant) =>
        Pages.Render<ImportPage>(new ImportFormModel(merchant.Desk(http, "catalog"), null));

    private static async Task<IResult> ImportAsync(IFormFile? file, HttpContext http, MerchantContext merchant, IMerchantCatalog catalog)
    {
        if (file is null)
        {
            return Pages.Render<ImportPage>(new ImportFormModel(merchant.Desk(http, "catalog"), "Choose a CSV file to import."), StatusCodes.Status422UnprocessableEntity);
        }

        try
        {
            var job = await catalog.ImportAsync(file, http.User, http, http.RequestAborted);
            return Pages.SeeOther($"/merchant/catalog/import/{job}");
        }
        catch (DomainException exception)
        {
            return Pages.Render<ImportPage>(new ImportFormModel(merchant.Desk(http, "catalog"), exception.Message), MerchantPages.StatusOf(exception));
        }
    }

    private static async Task<IResult> ImportJobAsync(Guid jobId, HttpContext http, MerchantContext merchant, IMerchantCatalog catalog)
    {
        var job = await catalog.ImportJobAsync(jobId, http.User, http.RequestAborted);
        return job is null ? NotFound(http, merchant) : Pages.Render<ImportJobPage>(new ImportJobModel(merchant.Desk(http, "catalog"), job));
    }

    /// <summary>The rows that failed, as CSV (row number as in the uploaded file, header = row 1).</summary>
    private static async Task<IResult> ImportErrorsAsync(Guid jobId, HttpContext http, MerchantContext merchant, IMerchantCatalog catalog)
    {
        var job = await catalog.ImportJobAsync(jobId, http.User, http.RequestAborted);
        if (job is null)
        {
            return NotFound(http, merchant);
        }

        var csv = new StringBuilder("row,message\r\n");
        foreach (var error in job.Errors)
        {
            csv.Append(error.Row.ToString(CultureInfo.InvariantCulture)).Append(',').Append(Csv(error.Message)).Append("\r\n");
        }

        http.Response.Headers.CacheControl = "no-store";
        return Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"import-errors-{job.JobId:N}.csv");
    }

    private static string Csv(string value)
    {
        // A leading =, +, - or @ would be a formula in a spreadsheet.
        var safe = value.Length > 0 && "=+-@".Contains(value[0], StringComparison.Ordinal) ? "'" + value : value;
        return "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static HtmlPage<MerchantMessagePage> NotFound(HttpContext http, MerchantContext merchant) =>
        Pages.Render<MerchantMessagePage>(new MerchantMessageModel(merchant.Desk(http, "catalog"), "Not found", "There is no such product or import in your catalog.", "/merchant/catalog", "All products"),
            StatusCodes.Status404NotFound);

    /// <summary>Turns the form into the catalog's request, or names each field that is wrong.</summary>
    internal static (ProductRequest? Request, Dictionary<string, string> Errors) Parse(ProductForm form, ProductResponse? existing)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var name = form.Name?.Trim() ?? "";
        var brand = form.Brand?.Trim() ?? "";
        var category = form.Category?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            errors["Name"] = "Enter the product name (at most 200 characters).";
        }

        if (brand.Length is 0 or > 80)
        {
            errors["Brand"] = "Enter the brand (at most 80 characters).";
        }

        if (category.Length is 0 or > 400)
        {
            errors["Category"] = "Enter the category, e.g. TV & Video > Televisions.";
        }

        if (form.Description is { Length: > 20_000 })
        {
            errors["Description"] = "The description is at most 20,000 characters.";
        }

        var status = form.Status is "active" ? "active" : "draft";
        int? vat = int.TryParse(form.Vat, NumberStyles.None, CultureInfo.InvariantCulture, out var basisPoints) ? basisPoints : null;
        if (vat is not (0 or 500 or 2000))
        {
            errors["Vat"] = "Choose a VAT rate.";
        }

        var specs = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (line, number) in Lines(form.Specs))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == line.Length - 1)
            {
                errors["Specs"] = $"Specification line {number} needs a name and a value, like \"Screen size: 55 in\".";
                break;
            }

            specs[line[..colon].Trim()] = JsonSerializer.SerializeToElement(line[(colon + 1)..].Trim());
        }

        var variants = new List<VariantRequest>();
        foreach (var (line, number) in Lines(form.Variants))
        {
            var parts = line.Split('|', StringSplitOptions.TrimEntries);
            var sku = parts[0];
            if (sku.Length is 0 or > 64 || parts.Length < 2
                || !decimal.TryParse(parts[1].TrimStart('£'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var pounds) || pounds <= 0 || pounds > 1_000_000)
            {
                errors["Variants"] = $"Variant line {number} needs at least a SKU and a price in pounds, like \"TV55-BLK | 799.00 | colour=Black | 18000\".";
                break;
            }

            var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in (parts.Length > 2 ? parts[2] : "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    errors["Variants"] = $"Variant line {number}: write options as name=value, separated by semicolons.";
                    break;
                }

                attributes[pair[..equals].Trim()] = pair[(equals + 1)..].Trim();
            }

            int? weight = null;
            if (parts.Length > 3 && parts[3].Length > 0)
            {
                if (!int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var grams) || grams > 1_000_000)
                {
                    errors["Variants"] = $"Variant line {number}: the weight is a whole number of grams.";
                    break;
                }

                weight = grams;
            }

            var gtin = parts.Length > 4 && parts[4].Length > 0 ? parts[4] : null;
            var keptName = existing?.Variants.FirstOrDefault(v => v.Sku == sku)?.Name;
            variants.Add(new VariantRequest(sku, (long)Math.Round(pounds * 100m), attributes, weight, gtin, keptName));
        }

        if (variants.Count == 0 && !errors.ContainsKey("Variants"))
        {
            errors["Variants"] = "Add at least one variant (one line: SKU | price).";
        }
        else if (variants.Count > 100)
        {
            errors["Variants"] = "A product has at most 100 variants.";
        }

        return errors.Count > 0
            ? (null, errors)
            : (new ProductRequest(name, brand, category, form.Description?.Trim(), status, null, vat, existing?.ImageUrls, specs, null, variants, null), errors);
    }

    private static IEnumerable<(string Line, int Number)> Lines(string? text) =>
        (text ?? "").Split('\n').Select((l, i) => (l.Trim(), i + 1)).Where(x => x.Item1.Length > 0);
}
