namespace Platform.Web;

/// <summary>What a product host tells the web building blocks about itself.</summary>
public sealed class PlatformWebOptions
{
    /// <summary>Product name used for the database, logs and the API title, e.g. <c>Nots</c>.</summary>
    public required string Product { get; init; }

    /// <summary>Human title of the API document, e.g. <c>NOTS API</c>.</summary>
    public required string Title { get; init; }

    /// <summary>Route prefix of the API, <c>/v1</c> (NOTS) or <c>/api/v1</c> (NovaTech).</summary>
    public required string ApiPrefix { get; init; }
}
