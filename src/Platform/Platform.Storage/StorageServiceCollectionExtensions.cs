using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Platform.Storage;

/// <summary>Registration of the document store.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IDocumentStore"/>: the filesystem store under <c>Storage:Root</c>
    /// (default <c>data/files/&lt;product lowercase&gt;</c>). Registered with TryAdd, so an adapter
    /// registered earlier (S3) wins.
    /// </summary>
    public static IServiceCollection AddPlatformStorage(this IServiceCollection services, IConfiguration configuration, string product)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(product);
        var root = configuration["Storage:Root"];
        if (string.IsNullOrWhiteSpace(root))
        {
            root = Path.Combine("data", "files", product.ToLowerInvariant());
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDocumentStore>(sp => new FileSystemDocumentStore(root, sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}

/// <summary>Maps the store's refusals to RFC 9457 responses for endpoints.</summary>
public static class DocumentProblems
{
    /// <summary>413 for too large, 415 for a refused type, 400 for a bad key; the ProblemDetails carries a stable <c>code</c>.</summary>
    public static ProblemHttpResult ToProblem(DocumentRejectedException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return TypedResults.Problem(
            title: exception.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => "Document too large",
                StatusCodes.Status415UnsupportedMediaType => "Unsupported document type",
                _ => "Invalid document key",
            },
            detail: exception.Message,
            statusCode: exception.StatusCode,
            extensions: new Dictionary<string, object?> { ["code"] = exception.Code });
    }
}
