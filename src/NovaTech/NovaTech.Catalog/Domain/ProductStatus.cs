namespace NovaTech.Catalog.Domain;

/// <summary>Where a product is in its life: drafts are the merchant's, active ones are sold, archived ones are gone.</summary>
internal enum ProductStatus
{
    Draft,
    Active,
    Archived,
}
