using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Platform.Persistence;

/// <summary>One versioned SQL script of a module for one provider.</summary>
/// <param name="Version">The number the file name starts with (<c>0001_initial.sql</c> is 1).</param>
/// <param name="Name">The file name.</param>
/// <param name="Sql">The script text.</param>
public sealed record MigrationScript(int Version, string Name, string Sql)
{
    /// <summary>SHA-256 of the script with line endings normalised, so a checkout on Windows matches.</summary>
    public string Checksum => Convert.ToHexStringLower(
        SHA256.HashData(Encoding.UTF8.GetBytes(Sql.Replace("\r\n", "\n", StringComparison.Ordinal).Trim())));

    /// <summary>
    /// Reads the scripts embedded in an assembly as <c>migrations.&lt;provider&gt;.NNNN_name.sql</c>
    /// (see <c>Directory.Build.targets</c>), ordered by version.
    /// </summary>
    public static IReadOnlyList<MigrationScript> FromAssembly(Assembly assembly, DatabaseProvider provider)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var prefix = "migrations." + provider.ToString().ToLowerInvariant() + ".";
        var scripts = new List<MigrationScript>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[prefix.Length..];
            var digits = new string(name.TakeWhile(char.IsDigit).ToArray());
            if (digits.Length == 0)
            {
                throw new InvalidOperationException($"Migration script '{resource}' must start with a version number, e.g. 0001_initial.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            scripts.Add(new MigrationScript(int.Parse(digits, CultureInfo.InvariantCulture), name, reader.ReadToEnd()));
        }

        var duplicate = scripts.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two migration scripts share version {duplicate.Key} in {assembly.GetName().Name}.");
        }

        return scripts.OrderBy(s => s.Version).ToList();
    }
}
