// Checks the documentation: dotnet run --file eng/CheckDocs.cs [-- REPO_ROOT]; prints file:line for every problem.
#:property PublishAot=false
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

// What it checks, over docs/ (the DocFX project):
// - every [!code-lang[](path#region)] include names a file that exists and a #region (or <tag>) or line range in it;
// - every relative Markdown link and image names a file or folder that exists, and its #anchor a heading there;
// - every xref: names a type (or a member of one) declared in src/OpdTokens.Allocation (System.* is not checked);
// - every href in a toc.yml names a file or folder that exists, and every page is in a toc or linked from a page;
// - the metadata sources of docfx.json exist;
// - the README's C# blocks ("Use it", "ASP.NET Core") are, line for line, compiled regions (snippets project, API sample).
var root = Path.GetFullPath(args.Length > 0 ? args[0] : ".");
var docs = Path.Combine(root, "docs");
var problems = new List<string>();
var checkedCount = 0;

var pages = Directory
    .EnumerateFiles(docs, "*.md", SearchOption.AllDirectories)
    .Where(p => !IsGenerated(p))
    .Order(StringComparer.Ordinal)
    .ToList();
var tocs = Directory
    .EnumerateFiles(docs, "toc.yml", SearchOption.AllDirectories)
    .Where(p => !IsGenerated(p))
    .Order(StringComparer.Ordinal)
    .ToList();
var apiIndex = ApiIndex.Load(Path.Combine(root, "src", "OpdTokens.Allocation"));
var headingCache = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
var referenced = new HashSet<string>(StringComparer.Ordinal);

foreach (var page in pages)
{
    CheckPage(page);
}

foreach (var toc in tocs)
{
    CheckToc(toc);
}

CheckOrphans();
CheckDocfxJson();
CheckReadmeSample("## Use it", Path.Combine(docs, "snippets", "OpdTokens.Docs.Snippets", "Program.cs"), "readme");
CheckReadmeSample(
    "### ASP.NET Core",
    Path.Combine(root, "samples", "OpdTokens.Samples.Api", "Program.cs"),
    "AspNetCoreWiring"
);

foreach (var problem in problems)
{
    Console.Error.WriteLine(problem);
}

Console.WriteLine(
    problems.Count == 0
        ? $"docs OK: {pages.Count} pages, {tocs.Count} tocs, {checkedCount} links, includes and xrefs checked"
        : $"docs check FAILED: {problems.Count} problem(s)"
);
return problems.Count == 0 ? 0 : 1;

// Generated or build output: DocFX's _site and api/*.yml, and the snippets' bin and obj folders.
bool IsGenerated(string path)
{
    var relative = Path.GetRelativePath(docs, path).Replace('\\', '/');
    return relative.StartsWith("_site/", StringComparison.Ordinal)
        || relative.Contains("/bin/", StringComparison.Ordinal)
        || relative.Contains("/obj/", StringComparison.Ordinal)
        || (
            relative.StartsWith("api/", StringComparison.Ordinal) && relative.EndsWith(".yml", StringComparison.Ordinal)
        );
}

void Report(string file, int line, string message) =>
    problems.Add($"{Path.GetRelativePath(root, file).Replace('\\', '/')}:{line}: {message}");

void CheckPage(string page)
{
    var lines = File.ReadAllLines(page);
    var directory = Path.GetDirectoryName(page)!;
    string? fence = null;
    for (var i = 0; i < lines.Length; i++)
    {
        var line = lines[i];
        var lineNumber = i + 1;
        if (Markdown.FenceOf(line) is { } marker)
        {
            if (fence is null)
            {
                fence = marker;
            }
            else if (line.TrimStart().StartsWith(fence, StringComparison.Ordinal))
            {
                fence = null;
            }

            continue;
        }

        if (fence is not null)
        {
            continue;
        }

        var text = Markdown.WithoutCodeSpans(line);
        foreach (Match include in Markdown.CodeInclude().Matches(text))
        {
            checkedCount++;
            CheckInclude(page, lineNumber, directory, include.Groups["target"].Value);
        }

        foreach (Match include in Markdown.FileInclude().Matches(text))
        {
            checkedCount++;
            CheckTarget(page, lineNumber, directory, include.Groups["target"].Value, "include");
        }

        var withoutIncludes = Markdown.FileInclude().Replace(Markdown.CodeInclude().Replace(text, ""), "");
        foreach (Match link in Markdown.Link().Matches(withoutIncludes))
        {
            checkedCount++;
            CheckTarget(page, lineNumber, directory, link.Groups["target"].Value, "link");
        }

        foreach (Match definition in Markdown.LinkDefinition().Matches(withoutIncludes))
        {
            checkedCount++;
            CheckTarget(page, lineNumber, directory, definition.Groups["target"].Value, "link");
        }

        foreach (Match xref in Markdown.AutoXref().Matches(withoutIncludes))
        {
            checkedCount++;
            CheckXref(page, lineNumber, xref.Groups["uid"].Value);
        }
    }

    if (fence is not null)
    {
        Report(page, lines.Length, $"a code block opened with {fence} is never closed");
    }
}

void CheckInclude(string page, int line, string directory, string target)
{
    var (pathPart, fragment) = SplitFragment(target);
    var query = "";
    var queryAt = pathPart.IndexOf('?', StringComparison.Ordinal);
    if (queryAt >= 0)
    {
        query = pathPart[(queryAt + 1)..];
        pathPart = pathPart[..queryAt];
    }

    var file = Resolve(directory, pathPart);
    if (!File.Exists(file))
    {
        Report(page, line, $"code include '{target}': file {Shown(file)} does not exist");
        return;
    }

    var name = fragment;
    foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
    {
        if (pair.StartsWith("name=", StringComparison.Ordinal))
        {
            name = Uri.UnescapeDataString(pair["name=".Length..]);
        }
    }

    if (string.IsNullOrEmpty(name))
    {
        return;
    }

    var content = File.ReadAllLines(file);
    if (Markdown.LineRange().Match(name) is { Success: true } range)
    {
        var from = int.Parse(range.Groups["from"].Value, CultureInfo.InvariantCulture);
        var to = range.Groups["to"].Success ? int.Parse(range.Groups["to"].Value, CultureInfo.InvariantCulture) : from;
        if (from < 1 || to < from || to > content.Length)
        {
            Report(page, line, $"code include '{target}': {Shown(file)} has no lines {from} to {to}");
        }

        return;
    }

    if (Snippets.Region(content, name) is null)
    {
        Report(
            page,
            line,
            $"code include '{target}': {Shown(file)} has no region '{name}' (#region {name} ... #endregion)"
        );
    }
}

void CheckTarget(string page, int line, string directory, string target, string kind)
{
    if (target.StartsWith("xref:", StringComparison.OrdinalIgnoreCase))
    {
        CheckXref(page, line, target["xref:".Length..]);
        return;
    }

    // Absolute URLs (https:, mailto:) are not checked: CI has no network to check them with.
    if (Markdown.Scheme().IsMatch(target) || target.StartsWith("//", StringComparison.Ordinal))
    {
        return;
    }

    var (pathPart, anchor) = SplitFragment(target);
    var queryAt = pathPart.IndexOf('?', StringComparison.Ordinal);
    if (queryAt >= 0)
    {
        pathPart = pathPart[..queryAt];
    }

    var file = pathPart.Length == 0 ? page : Resolve(directory, Uri.UnescapeDataString(pathPart));
    if (!File.Exists(file) && !Directory.Exists(file))
    {
        Report(page, line, $"{kind} '{target}': {Shown(file)} does not exist");
        return;
    }

    referenced.Add(Path.GetFullPath(file));
    if (!string.IsNullOrEmpty(anchor) && file.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
    {
        if (!HeadingsOf(file).Contains(anchor))
        {
            Report(page, line, $"{kind} '{target}': {Shown(file)} has no heading with anchor #{anchor}");
        }
    }
}

void CheckXref(string page, int line, string uid)
{
    var clean = Uri.UnescapeDataString(uid.Split('?', '#')[0]);

    // .NET's own types resolve through the xref map of docfx.json, which needs the network; they are not checked.
    if (clean.StartsWith("System.", StringComparison.Ordinal))
    {
        return;
    }

    if (!apiIndex.Contains(clean, out var why))
    {
        Report(page, line, $"xref '{clean}': {why}");
    }
}

void CheckToc(string toc)
{
    var directory = Path.GetDirectoryName(toc)!;
    var lines = File.ReadAllLines(toc);
    for (var i = 0; i < lines.Length; i++)
    {
        if (lines[i].TrimStart().StartsWith('#'))
        {
            continue;
        }

        foreach (Match href in Markdown.TocHref().Matches(lines[i]))
        {
            checkedCount++;
            var target = href.Groups["target"].Value;
            if (Markdown.Scheme().IsMatch(target))
            {
                continue;
            }

            var file = Resolve(directory, target);
            if (target.EndsWith('/'))
            {
                if (!Directory.Exists(file))
                {
                    Report(toc, i + 1, $"href '{target}': folder {Shown(file)} does not exist");
                }

                continue;
            }

            if (!File.Exists(file))
            {
                Report(toc, i + 1, $"href '{target}': {Shown(file)} does not exist");
                continue;
            }

            referenced.Add(Path.GetFullPath(file));
        }
    }
}

// A page that no toc lists and no page links to never shows up in the site's navigation.
void CheckOrphans()
{
    foreach (var page in pages)
    {
        var relative = Path.GetRelativePath(docs, page).Replace('\\', '/');
        if (relative is "index.md" or "README.md" || relative.StartsWith("api/", StringComparison.Ordinal))
        {
            continue;
        }

        if (!referenced.Contains(Path.GetFullPath(page)))
        {
            Report(page, 1, "this page is in no toc.yml and no page links to it; add it to a toc.yml");
        }
    }
}

void CheckDocfxJson()
{
    var path = Path.Combine(docs, "docfx.json");
    if (!File.Exists(path))
    {
        Report(path, 1, "docfx.json does not exist");
        return;
    }

    using var json = JsonDocument.Parse(File.ReadAllText(path));
    if (!json.RootElement.TryGetProperty("metadata", out var metadata))
    {
        Report(path, 1, "docfx.json has no metadata section, so no API reference");
        return;
    }

    foreach (var entry in metadata.EnumerateArray())
    {
        foreach (var source in entry.GetProperty("src").EnumerateArray())
        {
            var folder = Resolve(docs, source.GetProperty("src").GetString() ?? ".");
            foreach (var name in source.GetProperty("files").EnumerateArray())
            {
                checkedCount++;
                var file = Path.Combine(folder, name.GetString() ?? "");
                if (!File.Exists(file))
                {
                    Report(path, 1, $"metadata source {Shown(file)} does not exist");
                }
            }
        }
    }
}

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

    var region = File.Exists(program) ? Snippets.Region(File.ReadAllLines(program), regionName) : null;
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

HashSet<string> HeadingsOf(string file)
{
    var key = Path.GetFullPath(file);
    if (!headingCache.TryGetValue(key, out var anchors))
    {
        anchors = Markdown.Anchors(File.ReadAllLines(file));
        headingCache[key] = anchors;
    }

    return anchors;
}

static (string Path, string Fragment) SplitFragment(string target)
{
    var hash = target.IndexOf('#', StringComparison.Ordinal);
    return hash < 0 ? (target, "") : (target[..hash], target[(hash + 1)..]);
}

string Resolve(string directory, string target) =>
    Path.GetFullPath(
        target.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(docs, target[2..])
            : Path.Combine(directory, target.Replace('/', Path.DirectorySeparatorChar))
    );

string Shown(string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

/// <summary>The bits of Markdown the checks read.</summary>
internal static partial class Markdown
{
    /// <summary>DocFX code includes: [!code-csharp[title](path#region "title")].</summary>
    [GeneratedRegex(@"\[!code(?:-[\w+#-]+)?\[[^\]]*\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)\]")]
    public static partial Regex CodeInclude();

    /// <summary>DocFX file includes: [!INCLUDE [title](path)].</summary>
    [GeneratedRegex(@"\[!include\s*\[[^\]]*\]\((?<target>[^)\s]+)\)\]", RegexOptions.IgnoreCase)]
    public static partial Regex FileInclude();

    /// <summary>Inline links and images: [text](target "title"), with one level of brackets inside the text.</summary>
    [GeneratedRegex(@"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?(?<target>[^)\s>]+)>?(?:\s+""[^""]*"")?\s*\)")]
    public static partial Regex Link();

    /// <summary>Reference definitions: [id]: target.</summary>
    [GeneratedRegex(@"^\s{0,3}\[[^\]]+\]:\s*<?(?<target>[^\s>]+)>?")]
    public static partial Regex LinkDefinition();

    /// <summary>Autolink cross references: &lt;xref:Uid&gt;.</summary>
    [GeneratedRegex(@"<xref:(?<uid>[^>\s]+)>")]
    public static partial Regex AutoXref();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    public static partial Regex Scheme();

    [GeneratedRegex(@"^L(?<from>\d+)(?:-L(?<to>\d+))?$")]
    public static partial Regex LineRange();

    [GeneratedRegex(@"\b(?:href|topicHref|homepage):\s*(?<q>[""']?)(?<target>[^""',}\s]+)\k<q>")]
    public static partial Regex TocHref();

    [GeneratedRegex(@"^ {0,3}(?<marker>`{3,}|~{3,})")]
    private static partial Regex Fence();

    [GeneratedRegex(@"`+[^`]*`+")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"^ {0,3}#{1,6}\s+(?<text>.*?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"[^\p{L}\p{Nd}\p{Mn}\p{Pc} -]")]
    private static partial Regex NotInSlug();

    public static string? FenceOf(string line) =>
        Fence().Match(line) is { Success: true } m ? m.Groups["marker"].Value : null;

    public static string WithoutCodeSpans(string line) => CodeSpan().Replace(line, "");

    /// <summary>The anchors of a page's headings, as DocFX (Markdig, GitHub style) generates them.</summary>
    public static HashSet<string> Anchors(string[] lines)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        string? fence = null;
        foreach (var line in lines)
        {
            if (FenceOf(line) is { } marker)
            {
                fence =
                    fence is null ? marker
                    : line.TrimStart().StartsWith(fence, StringComparison.Ordinal) ? null
                    : fence;
                continue;
            }

            if (fence is not null || Heading().Match(line) is not { Success: true } heading)
            {
                continue;
            }

            var text = InlineLink().Replace(heading.Groups["text"].Value, "${text}");
            text = text.Replace("`", "", StringComparison.Ordinal).Replace("*", "", StringComparison.Ordinal);
            var slug = NotInSlug().Replace(text.Trim().ToLowerInvariant(), "").Replace(' ', '-');
            var unique = slug;
            for (var n = 1; !anchors.Add(unique); n++)
            {
                unique = $"{slug}-{n}";
            }
        }

        return anchors;
    }
}

/// <summary>Finds named regions in source files.</summary>
internal static partial class Snippets
{
    [GeneratedRegex(@"^\s*(?:#region|//\s*<|<!--\s*<)\s*(?<name>[\w.-]+)\s*>?\s*(?:-->)?\s*$")]
    private static partial Regex Start();

    [GeneratedRegex(@"^\s*(?:#endregion|//\s*</|<!--\s*</)")]
    private static partial Regex End();

    /// <summary>The lines strictly between "#region name" (or "// &lt;name&gt;") and its end, with the 1-based line
    /// number of the first; null when there is no such region or it never ends.</summary>
    public static (string[] Lines, int FirstLine)? Region(string[] lines, string name)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            if (Start().Match(lines[i]) is not { Success: true } start || start.Groups["name"].Value != name)
            {
                continue;
            }

            var depth = 0;
            for (var j = i + 1; j < lines.Length; j++)
            {
                if (Start().IsMatch(lines[j]))
                {
                    depth++;
                }
                else if (End().IsMatch(lines[j]) && depth-- == 0)
                {
                    return (lines[(i + 1)..j], i + 2);
                }
            }

            return null;
        }

        return null;
    }
}

/// <summary>The uids DocFX generates for the library: types by namespace and name (generic ones with `arity), and
/// the member names declared in each type's files.</summary>
internal sealed partial class ApiIndex
{
    private readonly Dictionary<string, StringBuilder> _types = new(StringComparer.Ordinal);

    [GeneratedRegex(@"^namespace\s+(?<ns>[\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex Namespace();

    [GeneratedRegex(
        @"\b(?:class|interface|enum|struct|record(?:\s+(?:struct|class))?)\s+(?<name>[A-Z]\w*)(?<generic><[^>]+>)?"
    )]
    private static partial Regex TypeDeclaration();

    public static ApiIndex Load(string source)
    {
        var index = new ApiIndex();
        foreach (var file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories))
        {
            if (
                file.Contains(
                    $"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}",
                    StringComparison.Ordinal
                )
            )
            {
                continue;
            }

            var text = File.ReadAllText(file);
            var ns = Namespace().Match(text) is { Success: true } m ? m.Groups["ns"].Value : "";
            foreach (Match type in TypeDeclaration().Matches(text))
            {
                var generic = type.Groups["generic"];
                var uid = $"{ns}.{type.Groups["name"].Value}";
                if (generic.Success)
                {
                    uid += "`" + (generic.Value.Count(c => c == ',') + 1).ToString(CultureInfo.InvariantCulture);
                }

                if (!index._types.TryGetValue(uid, out var body))
                {
                    index._types[uid] = body = new StringBuilder();
                }

                body.AppendLine(text);
            }
        }

        return index;
    }

    /// <summary>Whether a uid names a type of the library, or a member whose name appears in the type's file.</summary>
    public bool Contains(string uid, out string why)
    {
        var name = uid.TrimEnd('*');
        var paren = name.IndexOf('(', StringComparison.Ordinal);
        if (paren >= 0)
        {
            name = name[..paren];
        }

        if (_types.ContainsKey(name))
        {
            why = "";
            return true;
        }

        var dot = name.LastIndexOf('.');
        if (dot > 0 && _types.TryGetValue(name[..dot], out var body))
        {
            var member = name[(dot + 1)..];
            if (Regex.IsMatch(body.ToString(), $@"\b{Regex.Escape(member == "#ctor" ? "public" : member)}\b"))
            {
                why = "";
                return true;
            }

            why = $"type {name[..dot]} has no member {member}";
            return false;
        }

        why = "no such type in src/OpdTokens.Allocation (xrefs are checked against the library only)";
        return false;
    }
}
