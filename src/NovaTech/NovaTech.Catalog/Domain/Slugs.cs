using System.Globalization;
using System.Text;

namespace NovaTech.Catalog.Domain;

/// <summary>URL slugs: lowercase ASCII letters and digits joined by single hyphens.</summary>
internal static class Slugs
{
    public const int MaxLength = 120;

    public static string From(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(normalized.Length);
        var hyphen = false;
        foreach (var c in normalized)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                builder.Append(c);
                hyphen = false;
            }
            else if (c is >= 'A' and <= 'Z')
            {
                builder.Append(char.ToLowerInvariant(c));
                hyphen = false;
            }
            else if (c == '+')
            {
                builder.Append(hyphen || builder.Length == 0 ? "plus" : "-plus");
                hyphen = false;
            }
            else if (!hyphen && builder.Length > 0)
            {
                builder.Append('-');
                hyphen = true;
            }
        }

        var slug = builder.ToString().Trim('-');
        if (slug.Length > MaxLength)
        {
            slug = slug[..MaxLength].TrimEnd('-');
        }

        return slug;
    }

    public static bool IsValid(string slug) =>
        slug.Length is > 0 and <= MaxLength && slug == From(slug);
}
