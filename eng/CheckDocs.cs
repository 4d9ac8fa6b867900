// Checks what the DocFX build (eng/check-docs.sh, warnings as errors) does not: dotnet run --file eng/CheckDocs.cs
// [-- REPO_ROOT]; prints file:line for every problem. DocFX itself checks the site's links, anchors, xrefs, code
// includes and tocs; the snippet projects are compiled and tested by the solution build, and the getting-started
// page's code is compiled and run against the packed packages by eng/check-packages.sh.
//
// Checked here:
// - the README's C# blocks ("Use it", "ASP.NET Core") are, line for line, compiled regions (snippets project, API
//   sample), since DocFX does not build the README;
// - relative links of the Markdown files DocFX does not build (README, CONTRIBUTING, CHANGELOG, docs/README,
//   benchmarks/README) name files or folders that exist;
// - every page of the site is in a toc.yml or linked from another page, since DocFX builds an orphan silently.
#:property PublishAot=false
using System.Text.RegularExpressions;

var root = Path.GetFullPath(args.Length > 0 ? args[0] : ".");
var docs = Path.Combine(root, "docs");
var problems = new List<string>();
var checkedCount = 0;

CheckReadmeSample("## Use it", Path.Combine(docs, "snippets", "OpdTokens.Docs.Snippets", "Program.cs"), "readme");
CheckReadmeSample(
    "### ASP.NET Core",
    Path.Combine(root, "samples", "OpdTokens.Samples.Api", "Program.cs"),
    "AspNetCoreWiring"
);
foreach (var file in new[] { "README.md", "CONTRIBUTING.md", "CHANGELOG.md", "docs/README.md", "benchmarks/README.md" })
{
    CheckRelativeLinks(Path.Combine(root, file));
}

CheckOrphans();

foreach (var problem in problems)
{
    Console.Error.WriteLine(problem);
}

Console.WriteLine(
    problems.Count == 0
        ? $"docs OK: {checkedCount} README samples, links and pages checked"
        : $"docs check FAILED: {problems.Count} problem(s)"
);
return problems.Count == 0 ? 0 : 1;

void Report(string file, int line, string message) =>
    problems.Add($"{Path.GetRelativePath(root, file).Replace('\\', '/')}:{line}: {message}");

// Each README sample must be a compiled region, so the README never shows code that does not build.
void CheckReadmeSample(string heading, string program, string regionName)
{
    var readme = Path.Combine(root, "README.md");
    var lines = File.ReadAllLines(readme);
    var section = Array.FindIndex(lines, l => l.TrimEnd() == heading);
    var start = section < 0 ? -1 : Array.FindIndex(lines, section, l => l.TrimEnd() == "```csharp");
    var end = start < 0 ? -1 : Array.FindIndex(lines, start + 1, l => l.TrimEnd() == "```");
    if (end < 0)
    {
        Report(readme, 1, $"no ```csharp block under '{heading}'");
        return;
    }

    var region = File.Exists(program) ? Region(File.ReadAllLines(program), regionName) : null;
    if (region is null)
    {
        Report(program, 1, $"no '#region {regionName}' holding the README sample");
        return;
    }

    checkedCount++;
    var sample = lines[(start + 1)..end];
    for (var i = 0; i < Math.Max(sample.Length, region.Value.Lines.Length); i++)
    {
        var expected = i < region.Value.Lines.Length ? region.Value.Lines[i] : "(end of region)";
        var actual = i < sample.Length ? sample[i] : "(end of block)";
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            Report(
                readme,
                start + 2 + i,
                $"README sample differs from {Shown(program)}:{region.Value.FirstLine + i} (#region {regionName}): "
                    + $"README has \"{actual}\", the compiled sample has \"{expected}\""
            );
            return;
        }
    }
}

// The lines strictly between "#region name" and its "#endregion", with the 1-based number of the first.
static (string[] Lines, int FirstLine)? Region(string[] lines, string name)
{
    var start = Array.FindIndex(lines, l => l.Trim() == "#region " + name);
    var end =
        start < 0
            ? -1
            : Array.FindIndex(lines, start + 1, l => l.Trim().StartsWith("#endregion", StringComparison.Ordinal));
    return end < 0 ? null : (lines[(start + 1)..end], start + 2);
}

void CheckRelativeLinks(string file)
{
    if (!File.Exists(file))
    {
        Report(file, 1, "does not exist");
        return;
    }

    var lines = File.ReadAllLines(file);
    var inCode = false;
    for (var i = 0; i < lines.Length; i++)
    {
        if (lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal))
        {
            inCode = !inCode;
            continue;
        }

        if (inCode)
        {
            continue;
        }

        foreach (Match link in Markdown.Link().Matches(Markdown.CodeSpan().Replace(lines[i], "")))
        {
            var target = link.Groups["target"].Value;
            if (Markdown.Scheme().IsMatch(target) || target.StartsWith('#'))
            {
                continue;
            }

            checkedCount++;
            var path = target.Split('#')[0];
            var resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, path));
            if (!File.Exists(resolved) && !Directory.Exists(resolved))
            {
                Report(file, i + 1, $"link to {target}: no such file or folder");
            }
        }
    }
}

// A page that no toc lists and no page links to never shows up in the site's navigation.
void CheckOrphans()
{
    var pages = Directory
        .EnumerateFiles(docs, "*.md", SearchOption.AllDirectories)
        .Select(p => Path.GetRelativePath(docs, p).Replace('\\', '/'))
        .Where(p => p is not ("index.md" or "README.md") && !p.StartsWith("api/", StringComparison.Ordinal))
        .Where(p =>
            !p.StartsWith("_site/", StringComparison.Ordinal) && !p.StartsWith("snippets/", StringComparison.Ordinal)
        )
        .ToList();
    var sources = Directory
        .EnumerateFiles(docs, "*.*", SearchOption.AllDirectories)
        .Where(p => p.EndsWith(".md", StringComparison.Ordinal) || p.EndsWith("toc.yml", StringComparison.Ordinal))
        .Where(p => !p.Contains("_site", StringComparison.Ordinal) && !p.Contains("snippets", StringComparison.Ordinal))
        .Select(p => (Directory: Path.GetDirectoryName(p)!, Text: File.ReadAllText(p)))
        .ToList();
    foreach (var page in pages)
    {
        checkedCount++;
        var full = Path.GetFullPath(Path.Combine(docs, page));
        var linked = sources.Any(source =>
            Markdown
                .PageReference()
                .Matches(source.Text)
                .Any(m => Path.GetFullPath(Path.Combine(source.Directory, m.Groups["page"].Value)) == full)
        );
        if (!linked)
        {
            Report(full, 1, "this page is in no toc.yml and no page links to it; add it to a toc.yml");
        }
    }
}

string Shown(string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

/// <summary>The bits of Markdown the checks read.</summary>
internal static partial class Markdown
{
    /// <summary>Inline links and images: [text](target "title"), with one level of brackets inside the text.</summary>
    [GeneratedRegex(@"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    public static partial Regex Link();

    /// <summary>A URL scheme (https:, mailto:), so the target is not a repository path.</summary>
    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    public static partial Regex Scheme();

    /// <summary>Inline code, whose text is not Markdown.</summary>
    [GeneratedRegex(@"`[^`]*`")]
    public static partial Regex CodeSpan();

    /// <summary>A page named by a link or a toc href: (page.md) or href: page.md, with an optional #anchor.</summary>
    [GeneratedRegex(@"(?:\(|href:\s*)(?<page>[^()\s#:]+\.md)(?:#[^)\s]*)?")]
    public static partial Regex PageReference();
}
