using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nots.Pricing;

/// <summary>How the pricing module writes what it stores (tariff definitions, quote requests and results).</summary>
internal static class PricingJson
{
    /// <summary>camelCase, enums as names: the same shape the API shows, so a stored row reads like a response.</summary>
    public static JsonSerializerOptions Options { get; } = Create(strict: false);

    /// <summary>
    /// For tariffs an owner sends: every constructor parameter must be present and non-nullable ones non-null,
    /// so a missing field is a 400 rather than a null the rules trip over.
    /// </summary>
    public static JsonSerializerOptions Strict { get; } = Create(strict: true);

    private static JsonSerializerOptions Create(bool strict)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            RespectNullableAnnotations = strict,
            RespectRequiredConstructorParameters = strict,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
