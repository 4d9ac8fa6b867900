// Checks that a package (a zip) contains the given entries: dotnet run --file eng/PackageContents.cs -- PKG ENTRY...
#:property PublishAot=false
using System.IO.Compression;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: PackageContents.cs PACKAGE ENTRY...");
    return 2;
}

using var zip = ZipFile.OpenRead(args[0]);
var entries = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
var missing = args.Skip(1).Where(e => !entries.Contains(e)).ToList();
foreach (var entry in missing)
{
    Console.Error.WriteLine($"{args[0]}: missing {entry}");
}

Console.WriteLine(missing.Count == 0 ? $"{Path.GetFileName(args[0])}: all {args.Length - 1} entries present" : "");
return missing.Count == 0 ? 0 : 1;
