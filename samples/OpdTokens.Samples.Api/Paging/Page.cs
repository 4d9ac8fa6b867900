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
            LinkNext(page, ordered[page.Limit - 1].Key, context);
            ordered.RemoveAt(page.Limit);
        }

        return [.. ordered.Select(entry => entry.Item)];
    }

    /// <summary>The requested page of a list a store has already cut after the cursor, in key order, with up to one
    /// item more than the page (which tells whether another page follows); writes the headers of the next page, if
    /// any.</summary>
    public static List<T> OfCut<T>(
        IReadOnlyList<T> itemsAfterCursor,
        Func<T, string> key,
        PageRequest page,
        HttpContext context
    )
    {
        if (itemsAfterCursor.Count > page.Limit)
        {
            LinkNext(page, key(itemsAfterCursor[page.Limit - 1]), context);
        }

        return [.. itemsAfterCursor.Take(page.Limit)];
    }

    /// <summary>Announces the page after the item with sort key <paramref name="lastKey"/>.</summary>
    private static void LinkNext(PageRequest page, string lastKey, HttpContext context)
    {
        var cursor = page.CursorAfter(lastKey);
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
    }
}
