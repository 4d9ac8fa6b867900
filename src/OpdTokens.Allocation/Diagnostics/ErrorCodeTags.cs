using System.Text;

namespace OpdTokens.Allocation.Diagnostics;

/// <summary>Error codes as metric tag values, in snake case (<c>slot_full</c>), computed once so tagging a failed
/// command allocates nothing.</summary>
internal static class ErrorCodeTags
{
    private static readonly string[] Names = [.. Enum.GetValues<AllocationErrorCode>().Select(Snake)];

    public static string ToWireName(this AllocationErrorCode code) =>
        (uint)code < (uint)Names.Length ? Names[(int)code] : "unknown";

    private static string Snake(AllocationErrorCode code)
    {
        var name = code.ToString();
        var text = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }
}
