using System.Buffers;
using System.Globalization;
using System.Text;

namespace OpdTokens.Allocation.Core;

/// <summary>Whether free text shows what it says: names, specialties and patient ids are printed on tokens, read
/// aloud and shown on waiting-room screens, so nothing in them may be invisible or reorder the text around it.</summary>
/// <remarks>
/// <para>Refused: control characters, line and paragraph separators, unpaired surrogates, and format characters
/// (Unicode category Cf), among them zero-width spaces (U+200B), bidirectional overrides and isolates (U+202A-U+202E,
/// U+2066-U+2069), byte order marks (U+FEFF) and soft hyphens (U+00AD). Two names that look alike must not be two
/// different strings, and a right-to-left override can make a name read differently on every screen.</para>
/// <para>Kept, because names written in them need them, and always in the only places they do something (the
/// contexts of IDNA's CONTEXTJ rules and of emoji sequences):</para>
/// <list type="bullet">
/// <item>the zero-width joiner U+200D after a virama (Indic conjuncts and Malayalam chillus) and between two emoji
/// (<c>👩‍⚕️</c>, <c>🏳️‍🌈</c>), where variation selectors and skin-tone modifiers may sit beside it;</item>
/// <item>the zero-width non-joiner U+200C after a virama, and between two Arabic-script letters (Persian and Urdu
/// names);</item>
/// <item>tag characters U+E0020-U+E007F after a black flag U+1F3F4 (the flags of England, Scotland and Wales).</item>
/// </list>
/// </remarks>
internal static class VisibleText
{
    private const int ZeroWidthNonJoiner = 0x200C;
    private const int ZeroWidthJoiner = 0x200D;
    private const int VariationSelector16 = 0xFE0F;
    private const int BlackFlag = 0x1F3F4;
    private const int FirstTag = 0xE0020;
    private const int CancelTag = 0xE007F;

    /// <summary>Whether every character of <paramref name="text"/> is visible or a joiner in a place where it joins;
    /// see the type's remarks.</summary>
    public static bool IsVisible(string text)
    {
        var previous = default(Rune?);
        var inTagSequence = false;
        var index = 0;
        while (index < text.Length)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var consumed) != OperationStatus.Done)
            {
                return false;
            }

            var category = Rune.GetUnicodeCategory(rune);
            if (
                category
                is UnicodeCategory.Control
                    or UnicodeCategory.LineSeparator
                    or UnicodeCategory.ParagraphSeparator
            )
            {
                return false;
            }

            if (rune.Value is >= FirstTag and <= CancelTag)
            {
                if (!inTagSequence)
                {
                    return false;
                }

                inTagSequence = rune.Value != CancelTag;
            }
            else
            {
                inTagSequence = rune.Value == BlackFlag;
                if (category == UnicodeCategory.Format && !Joins(text, index + consumed, rune.Value, previous))
                {
                    return false;
                }
            }

            previous = rune;
            index += consumed;
        }

        return true;
    }

    /// <summary>The number of text elements (extended grapheme clusters) of <paramref name="text"/>, counted no further
    /// than <paramref name="limit"/>, without allocating.</summary>
    public static int CountTextElements(string text, int limit)
    {
        var count = 0;
        var rest = text.AsSpan();
        while (!rest.IsEmpty && count < limit)
        {
            rest = rest[StringInfo.GetNextTextElementLength(rest)..];
            count++;
        }

        return count;
    }

    /// <summary>Whether the format character <paramref name="value"/> (at the position before
    /// <paramref name="next"/>) is a joiner in a place where it joins.</summary>
    private static bool Joins(string text, int next, int value, Rune? previous)
    {
        if (value is not (ZeroWidthJoiner or ZeroWidthNonJoiner) || previous is not { } before)
        {
            return false;
        }

        if (IsVirama(before.Value))
        {
            return true;
        }

        if (Rune.DecodeFromUtf16(text.AsSpan(next), out var after, out _) != OperationStatus.Done)
        {
            return false;
        }

        return value == ZeroWidthJoiner
            ? IsEmoji(EmojiBase(text, next - 1)) && IsEmoji(after)
            : IsArabicLetter(before) && IsArabicLetter(after);
    }

    /// <summary>The emoji a joiner at <paramref name="joiner"/> follows, looking past the variation selector and the
    /// skin-tone modifier that may stand between them.</summary>
    private static Rune EmojiBase(string text, int joiner)
    {
        var index = joiner;
        while (index > 0)
        {
            var status = Rune.DecodeLastFromUtf16(text.AsSpan(0, index), out var rune, out var consumed);
            if (status != OperationStatus.Done || !IsEmojiModifier(rune.Value))
            {
                return status == OperationStatus.Done ? rune : Rune.ReplacementChar;
            }

            index -= consumed;
        }

        return Rune.ReplacementChar;
    }

    private static bool IsEmojiModifier(int value) => value is VariationSelector16 or >= 0x1F3FB and <= 0x1F3FF;

    /// <summary>Emoji are symbols (<c>So</c>): pictographs, dingbats such as U+2695 and U+2764, flags' parts.</summary>
    private static bool IsEmoji(Rune rune) => Rune.GetUnicodeCategory(rune) == UnicodeCategory.OtherSymbol;

    private static bool IsArabicLetter(Rune rune) =>
        rune.Value is >= 0x0600 and <= 0x06FF or >= 0x0750 and <= 0x077F or >= 0x08A0 and <= 0x08FF
        && Rune.IsLetter(rune);

    /// <summary>The viramas of the scripts of India and Sri Lanka, after which joiners choose a conjunct's
    /// form.</summary>
    private static bool IsVirama(int value) =>
        value
            is 0x094D // Devanagari
                or 0x09CD // Bengali
                or 0x0A4D // Gurmukhi
                or 0x0ACD // Gujarati
                or 0x0B4D // Oriya
                or 0x0BCD // Tamil
                or 0x0C4D // Telugu
                or 0x0CCD // Kannada
                or 0x0D4D // Malayalam
                or 0x0DCA; // Sinhala
}
