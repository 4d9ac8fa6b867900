using System.Globalization;
using System.Text;

namespace OpdTokens.Samples.Api.Presentation;

/// <summary>Reduces a patient's name to initials (<c>Ravi Kumar</c> → <c>R. K.</c>): what a waiting-room screen may
/// show.</summary>
internal static class PatientInitials
{
    public static string Of(string name)
    {
        var initials = new StringBuilder();
        foreach (var part in name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            // A text element keeps a letter made of several code points whole.
            var first = StringInfo.GetNextTextElement(part);
            if (initials.Length > 0)
            {
                initials.Append(' ');
            }

            initials.Append(first.ToUpperInvariant()).Append('.');
        }

        return initials.ToString();
    }
}
