using System.Buffers.Text;
using System.Globalization;
using System.Text;
using OpdTokens.Samples.Api.Problems;

namespace OpdTokens.Samples.Api.Paging;

/// <summary>Which page of a list a client asks for: at most <see cref="Limit"/> items after the opaque
/// <c>cursor</c> of the previous page.</summary>
/// <remarks>A cursor holds the sort key of the last item sent and the query it belongs to, so a page never repeats or
/// skips an item that existed before the first page was read, and a cursor used with other filters is refused rather
/// than silently answering a different list.</remarks>
internal sealed record PageRequest(int Limit, string? After, string Query)
{
    /// <summary>The page size when the client names none.</summary>
    public const int DefaultLimit = 200;

    /// <summary>The largest page a client may ask for.</summary>
    public const int MaxLimit = 1000;

    public const string LimitParameter = "limit";
    public const string CursorParameter = "cursor";

    /// <summary>Reads <c>limit</c> and <c>cursor</c>; <paramref name="query"/> names the list and its filters.</summary>
    public static PageRequest? Read(string? limit, string? cursor, string query, RequestErrors errors)
    {
        var size = DefaultLimit;
        if (!string.IsNullOrEmpty(limit))
        {
            if (
                !int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size)
                || size is < 1 or > MaxLimit
            )
            {
                errors.Add(LimitParameter, $"The limit must be a whole number from 1 to {MaxLimit}.");
                return null;
            }
        }

        string? after = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            var decoded = Decode(cursor);
            var separator = decoded?.IndexOf('\n', StringComparison.Ordinal) ?? -1;
            if (separator < 0 || !string.Equals(decoded![..separator], query, StringComparison.Ordinal))
            {
                errors.Add(CursorParameter, "The cursor is not one this list gave out with the same filters.");
                return null;
            }

            after = decoded[(separator + 1)..];
        }

        return new PageRequest(size, after, query);
    }

    /// <summary>The cursor of the page that follows the item with sort key <paramref name="lastKey"/>.</summary>
    public string CursorAfter(string lastKey) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Query + "\n" + lastKey));

    private static string? Decode(string cursor)
    {
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
