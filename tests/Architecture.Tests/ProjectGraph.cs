using System.Xml.Linq;

namespace Architecture.Tests;

/// <summary>The project references of everything under src/, read from the .csproj files themselves.</summary>
internal sealed record ProjectGraph(IReadOnlyDictionary<string, IReadOnlyList<string>> References)
{
    public static ProjectGraph Load()
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        var references = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var project in Directory.EnumerateFiles(src, "*.csproj", SearchOption.AllDirectories))
        {
            var name = Path.GetFileNameWithoutExtension(project);
            var document = XDocument.Load(project);
            references[name] = document.Descendants("ProjectReference")
                .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
                .ToList();
        }

        return new ProjectGraph(references);
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Systems.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Repository root (Systems.slnx) not found.");
    }

    /// <summary>Every reference that breaks a module rule, as "A -> B: why".</summary>
    public IReadOnlyList<string> Violations()
    {
        var violations = new List<string>();
        foreach (var (project, references) in References)
        {
            foreach (var reference in references)
            {
                var why = Check(project, reference);
                if (why is not null)
                {
                    violations.Add($"{project} -> {reference}: {why}");
                }
            }
        }

        return violations;
    }

    private static string? Check(string project, string reference)
    {
        var from = Classify(project);
        var to = Classify(reference);
        if (from.Product is null)
        {
            return to.Product is null ? null : "Platform must never reference a product";
        }

        if (to.Product is null)
        {
            return null;
        }

        if (to.Product != from.Product)
        {
            return "products never reference each other";
        }

        if (from.Kind == ProjectKind.Host)
        {
            return null;
        }

        if (from.Kind == ProjectKind.Contracts)
        {
            return "Contracts reference no module";
        }

        return to.Kind == ProjectKind.Contracts ? null : "modules talk to other modules only through Contracts";
    }

    private static (string? Product, ProjectKind Kind) Classify(string project)
    {
        var parts = project.Split('.');
        var product = parts[0] is "Nots" or "NovaTech" ? parts[0] : null;
        var kind = parts[^1] switch
        {
            "Web" when product is not null => ProjectKind.Host,
            "Contracts" => ProjectKind.Contracts,
            _ => ProjectKind.Module,
        };
        return (product, kind);
    }

    private enum ProjectKind
    {
        Module,
        Contracts,
        Host,
    }
}
