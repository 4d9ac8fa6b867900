using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace OpdTokens.Samples.Api.Paging;

/// <summary>Cuts one page out of a list sorted by a unique key, and links the next one.</summary>
/// <remarks>The body stays the contract's plain array; the next page is announced in a <c>Link</c> header (RFC 8288,
/// <c>rel="next"</c>) and, for clients that prefer not to parse it, the <see cref="NextCursorHeader"/> header. No such
/// header means the list is complete.</remarks>
internal static class Page
{
    public const string NextCursorHeader = "Next-Cursor";

    /// <summary>The items of the requested page, in key order; writes the headers of the next page, if any.</summary>
    public static List<T> Of<T>(IEnumerable<T> items, Func<T, string> key, PageRequest page, HttpContext context)
    {
        var ordered = items
            .Select(item => (Key: key(item), Item: item))
            .Where(entry => page.After is null || string.CompareOrdinal(entry.Key, page.After) > 0)
            .OrderBy(entry => entry.Key, StringComparer.Ordinal)
            .Take(page.Limit + 1)
            .ToList();
        if (ordered.Count > page.Limit)
        {
            var cursor = page.CursorAfter(ordered[page.Limit - 1].Key);
            var query = context.Request.Query.ToDictionary(q => q.Key, q => q.Value, StringComparer.OrdinalIgnoreCase);
            query[PageRequest.CursorParameter] = new StringValues(cursor);
            var next = QueryHelpers.AddQueryString(
                context.Request.PathBase + context.Request.Path,
                query
                    .Where(q => !StringValues.IsNullOrEmpty(q.Value))
                    .SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v)))
            );
            context.Response.Headers.Link = $"<{next}>; rel=\"next\"";
            context.Response.Headers[NextCursorHeader] = cursor;
            ordered.RemoveAt(page.Limit);
        }

        return [.. ordered.Select(entry => entry.Item)];
    }
}
