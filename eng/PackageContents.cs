// Reads packed packages for eng/check-packages.sh, with the SDK alone (no unzip on the machine):
//   dotnet run --file eng/PackageContents.cs -- entries PKG ENTRY...  fails unless every entry is in the package
//   dotnet run --file eng/PackageContents.cs -- nuspec PKG            prints the metadata and dependencies, one a line
//   dotnet run --file eng/PackageContents.cs -- pdbs SNUPKG ROOT      fails unless every PDB has /_/ paths only (no
//                                                                     ROOT) and Source Link to the canonical repository
#:property PublishAot=false
using System.IO.Compression;
using System.Reflection.Metadata;
using System.Text;
using System.Xml.Linq;

const string SourceLinkKind = "cc110556-a091-4d38-9fec-25ab9a351a6a";
const string Repository = "https://raw.githubusercontent.com/opdtokens/OpdTokens.Allocation/";

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: PackageContents.cs entries|nuspec|pdbs PACKAGE [ARG...]");
    return 2;
}

using var zip = ZipFile.OpenRead(args[1]);
var name = Path.GetFileName(args[1]);
switch (args[0])
{
    case "entries":
    {
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        var missing = args.Skip(2).Where(e => !entries.Contains(e)).ToList();
        missing.ForEach(entry => Console.Error.WriteLine($"{name}: missing {entry}"));
        Console.WriteLine(missing.Count == 0 ? $"{name}: all {args.Length - 2} entries present" : "");
        return missing.Count == 0 ? 0 : 1;
    }
    case "nuspec":
    {
        var entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = entry.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string element) => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == element)?.Value;
        var repository = metadata.Elements().FirstOrDefault(e => e.Name.LocalName == "repository");
        Console.WriteLine($"license {Value("license")}");
        Console.WriteLine($"icon {Value("icon")}");
        Console.WriteLine($"readme {Value("readme")}");
        Console.WriteLine($"projectUrl {Value("projectUrl")}");
        Console.WriteLine($"repository {repository?.Attribute("type")?.Value} {repository?.Attribute("url")?.Value}");
        Console.WriteLine($"commit {(repository?.Attribute("commit")?.Value.Length == 40 ? "yes" : "no")}");
        var groups = metadata.Descendants().Where(e => e.Name.LocalName == "group");
        foreach (var group in groups)
        {
            foreach (var dependency in group.Elements().Where(e => e.Name.LocalName == "dependency"))
            {
                Console.WriteLine(
                    $"dependency {group.Attribute("targetFramework")?.Value} {dependency.Attribute("id")?.Value} "
                        + dependency.Attribute("version")?.Value
                );
            }
        }

        return 0;
    }
    case "pdbs":
    {
        var root = args.Length > 2 ? args[2].TrimEnd('/') : null;
        var failures = 0;
        foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".pdb", StringComparison.Ordinal)))
        {
            using var copy = new MemoryStream();
            using (var stream = entry.Open())
            {
                stream.CopyTo(copy);
            }

            copy.Position = 0;
            using var provider = MetadataReaderProvider.FromPortablePdbStream(copy);
            var reader = provider.GetMetadataReader();
            var documents = reader.Documents.Select(d => reader.GetString(reader.GetDocument(d).Name)).ToList();
            var local = documents
                .Where(d => !d.StartsWith("/_/", StringComparison.Ordinal) || (root is not null && d.Contains(root)))
                .ToList();
            local.ForEach(d => Console.Error.WriteLine($"{name} {entry.FullName}: machine path {d}"));
            var sourceLink = reader
                .CustomDebugInformation.Select(reader.GetCustomDebugInformation)
                .Where(c => reader.GetGuid(c.Kind) == Guid.Parse(SourceLinkKind))
                .Select(c => Encoding.UTF8.GetString(reader.GetBlobBytes(c.Value)))
                .FirstOrDefault();
            var linked = sourceLink?.Contains($"\"/_/*\":\"{Repository}", StringComparison.Ordinal) == true;
            if (!linked)
            {
                Console.Error.WriteLine($"{name} {entry.FullName}: no Source Link to {Repository} ({sourceLink})");
            }

            failures += local.Count + (linked ? 0 : 1);
            Console.WriteLine($"{name} {entry.FullName}: {documents.Count} documents under /_/, Source Link {linked}");
        }

        return failures == 0 ? 0 : 1;
    }
    default:
        Console.Error.WriteLine($"unknown command {args[0]}");
        return 2;
}
