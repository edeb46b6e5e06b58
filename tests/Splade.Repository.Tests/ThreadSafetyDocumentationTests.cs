using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using Splade.Tests.Shared;

namespace Splade.Repository.Tests;

/// <summary>Every public type of every library says in its documentation whether, and how, it may be used from several threads
/// ("Thread safety: ..."), read from the built assemblies and their XML documentation, so a new public type cannot ship without it.</summary>
public sealed class ThreadSafetyDocumentationTests
{
    private const string Statement = "Thread safety:";

    [Fact]
    public void Every_public_type_of_every_library_states_its_thread_safety()
    {
        var libraries = Libraries();
        Assert.NotEmpty(libraries);
        var missing = new List<string>();
        var checkedTypes = 0;
        foreach (var library in libraries)
        {
            var (assembly, documentation) = BuiltFiles(library);
            var documented = DocumentedTypes(documentation);
            foreach (var type in PublicTypes(assembly))
            {
                checkedTypes++;
                if (!documented.TryGetValue("T:" + type, out var text) || !text.Contains(Statement, StringComparison.Ordinal))
                {
                    missing.Add($"{library}: {type}");
                }
            }
        }

        Assert.True(checkedTypes > 50, $"only {checkedTypes} public types found");
        Assert.True(
            missing.Count == 0,
            $"{missing.Count} public types have no \"{Statement} ...\" sentence in their summary or remarks:\n{string.Join('\n', missing)}");
    }

    [Fact]
    public void The_scan_finds_the_public_types_and_only_them()
    {
        var (assembly, _) = BuiltFiles("Splade.Index");
        var types = PublicTypes(assembly);
        Assert.Contains("Splade.Index.SparseIndex", types);
        Assert.Contains("Splade.Index.SearchAlgorithm", types);
        Assert.DoesNotContain("Splade.Index.Approximate.ApproximateSpeedCheck", types);
        Assert.DoesNotContain(types, type => type.Contains('<', StringComparison.Ordinal));
        var (core, _) = BuiltFiles("Splade.Core");
        Assert.Contains("Splade.Core.Ranking.IRanking`1", PublicTypes(core));
    }

    /// <summary>Every library of the repository: a project under src/ whose public surface is tracked (PublicAPI.Shipped.txt).</summary>
    private static List<string> Libraries()
        => Directory.EnumerateDirectories(Path.Combine(TestPaths.RepositoryRoot, "src"))
            .Where(folder => File.Exists(Path.Combine(folder, "PublicAPI.Shipped.txt")))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The library's assembly and XML documentation, built in the configuration this test was built in (the project
    /// references every library, so they are built first).</summary>
    private static (string Assembly, string Documentation) BuiltFiles(string library)
    {
        var configuration = typeof(ThreadSafetyDocumentationTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
            ?? "Debug";
        var folder = Path.Combine(TestPaths.RepositoryRoot, "src", library, "bin", configuration, "net10.0");
        var assembly = Path.Combine(folder, library + ".dll");
        var documentation = Path.Combine(folder, library + ".xml");
        Assert.True(File.Exists(assembly), $"{assembly} is missing: reference {library} from this test project so it is built first");
        Assert.True(File.Exists(documentation), $"{documentation} is missing: libraries generate their XML documentation");
        return (assembly, documentation);
    }

    /// <summary>The documentation id (without <c>T:</c>) of every type visible outside the assembly: public, or nested public in a
    /// visible type.</summary>
    private static List<string> PublicTypes(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var types = new List<string>();
        foreach (var handle in metadata.TypeDefinitions)
        {
            if (IsVisible(metadata, handle))
            {
                types.Add(FullName(metadata, handle));
            }
        }

        return types;
    }

    private static bool IsVisible(MetadataReader metadata, TypeDefinitionHandle handle)
    {
        var type = metadata.GetTypeDefinition(handle);
        var visibility = type.Attributes & TypeAttributes.VisibilityMask;
        return visibility switch
        {
            TypeAttributes.Public => true,
            TypeAttributes.NestedPublic => IsVisible(metadata, type.GetDeclaringType()),
            _ => false,
        };
    }

    private static string FullName(MetadataReader metadata, TypeDefinitionHandle handle)
    {
        var type = metadata.GetTypeDefinition(handle);
        var name = metadata.GetString(type.Name);
        if (type.IsNested)
        {
            return FullName(metadata, type.GetDeclaringType()) + "." + name;
        }

        var ns = metadata.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    /// <summary>Each documented type's id and the text of its documentation (summary, remarks and the rest).</summary>
    private static Dictionary<string, string> DocumentedTypes(string documentationPath)
    {
        var members = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in XDocument.Load(documentationPath).Descendants("member"))
        {
            if (member.Attribute("name")?.Value is { } name && name.StartsWith("T:", StringComparison.Ordinal))
            {
                members[name] = member.Value;
            }
        }

        return members;
    }
}
