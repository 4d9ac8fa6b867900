using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;

namespace OpdTokens.Allocation.Tests.Models;

/// <summary>Properties of the ids' text forms: every id formats to a text that parses back to it (as text, as UTF-8,
/// through JSON and the type converter), and parsing arbitrary text never throws.</summary>
public sealed class IdPropertyTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(1000).WithQuietOnSuccess(true);

    private static readonly char[] DoctorChars = [.. "abcXYZ0129_-"];

    /// <summary>Valid doctor ids: a letter or digit, then up to 31 of letters, digits, '_' and '-'.</summary>
    private static readonly Gen<DoctorId> Doctors =
        from first in Gen.Elements("aZ09".ToCharArray())
        from rest in Gen.ArrayOf(Gen.Elements(DoctorChars))
        let text = first + new string(rest[..Math.Min(rest.Length, DoctorId.MaxLength - 1)])
        select new DoctorId(text);

    private static readonly Gen<DateOnly> Dates = Gen.Choose(DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber)
        .Select(DateOnly.FromDayNumber);

    private static readonly Gen<PartitionKey> Keys =
        from doctor in Doctors
        from date in Dates
        select new PartitionKey(doctor, date);

    private static readonly Gen<int> Numbers = Gen.OneOf(
        Gen.Choose(1, 100),
        Gen.Choose(1, int.MaxValue),
        Gen.Constant(int.MaxValue)
    );

    /// <summary>Text near the ids' shapes (prefixes, dashes, slashes, digits, letters) and anything at all.</summary>
    private static readonly Gen<string> Texts = Gen.OneOf(
        ArbMap.Default.GeneratorFor<string>().Where(s => s is not null),
        Gen.ArrayOf(Gen.Elements("TS-/D1_ 2026-11-21 0789\u00e9\u0000+x".ToCharArray())).Select(c => new string(c)),
        from key in Keys
        from number in Numbers
        from prefix in Gen.Elements("T-", "S-", "", "t-", "T--")
        from cut in Gen.Choose(0, 3)
        let text = $"{prefix}{key.Doctor}-{key.Date:yyyyMMdd}-{number}"
        select text[..Math.Max(0, text.Length - cut)]
    );

    [Fact]
    public void Every_token_id_round_trips_through_its_text_utf8_json_and_type_converter() =>
        Prop.ForAll(
                Arb.From(from key in Keys from number in Numbers select new TokenId(key, number)),
                (TokenId id) => RoundTrips(id)
            )
            .Check(Quick);

    [Fact]
    public void Every_slot_id_round_trips_through_its_text_utf8_json_and_type_converter() =>
        Prop.ForAll(
                Arb.From(from key in Keys from number in Numbers select new SlotId(key, number)),
                (SlotId id) => RoundTrips(id)
            )
            .Check(Quick);

    [Fact]
    public void Every_doctor_day_key_round_trips_through_its_text_utf8_json_and_type_converter() =>
        Prop.ForAll(Arb.From(Keys), (PartitionKey key) => RoundTrips(key)).Check(Quick);

    [Fact]
    public void Every_doctor_id_round_trips_through_its_text_utf8_json_and_type_converter() =>
        Prop.ForAll(Arb.From(Doctors), (DoctorId id) => RoundTrips(id)).Check(Quick);

    [Fact]
    public void TryParse_never_throws_and_whatever_it_accepts_formats_back_to_the_same_id() =>
        Prop.ForAll(
                Arb.From(Texts),
                (string text) =>
                    ParsesConsistently<TokenId>(text)
                    && ParsesConsistently<SlotId>(text)
                    && ParsesConsistently<PartitionKey>(text)
                    && ParsesConsistently<DoctorId>(text)
            )
            .Check(Quick.WithMaxTest(3000));

    [Fact]
    public void Reading_arbitrary_json_strings_as_ids_either_succeeds_or_throws_a_json_exception() =>
        Prop.ForAll(
                Arb.From(Texts),
                (string text) =>
                {
                    var json = JsonSerializer.Serialize(text);
                    return ReadsOrRefuses<TokenId>(json, text)
                        && ReadsOrRefuses<SlotId>(json, text)
                        && ReadsOrRefuses<PartitionKey>(json, text)
                        && ReadsOrRefuses<DoctorId>(json, text);
                }
            )
            .Check(Quick);

    private static bool RoundTrips<T>(T id)
        where T : struct, ISpanParsable<T>, IUtf8SpanFormattable, ISpanFormattable, IEquatable<T>
    {
        var text = id.ToString(null, null);
        Span<byte> utf8 = stackalloc byte[64];
        var wrote = id.TryFormat(utf8, out var written, default, null);
        var converter = System.ComponentModel.TypeDescriptor.GetConverter(typeof(T));
        var json = JsonSerializer.Serialize(id);
        var asKey = JsonSerializer.Serialize(new Dictionary<T, int> { [id] = 1 });
        return T.Parse(text, null).Equals(id)
            && T.TryParse(text.AsSpan(), null, out var fromSpan)
            && fromSpan.Equals(id)
            && wrote
            && System.Text.Encoding.UTF8.GetString(utf8[..written]) == text
            && ((T)converter.ConvertFromInvariantString(text)!).Equals(id)
            && converter.ConvertToInvariantString(id) == text
            && json == JsonSerializer.Serialize(text)
            && JsonSerializer.Deserialize<T>(json).Equals(id)
            && JsonSerializer.Deserialize<Dictionary<T, int>>(asKey)!.ContainsKey(id);
    }

    private static bool ParsesConsistently<T>(string text)
        where T : struct, ISpanParsable<T>, IFormattable, IEquatable<T>
    {
        var parsed = T.TryParse(text, null, out var id);
        var parsedSpan = T.TryParse(text.AsSpan(), null, out var fromSpan);
        return parsed == parsedSpan
            && id.Equals(fromSpan)
            && (parsed ? T.Parse(id.ToString(null, null), null).Equals(id) : id.Equals(default));
    }

    private static bool ReadsOrRefuses<T>(string json, string text)
        where T : struct, ISpanParsable<T>, IEquatable<T>
    {
        try
        {
            var read = JsonSerializer.Deserialize<T>(json);
            return T.TryParse(text, null, out var parsed) && parsed.Equals(read);
        }
        catch (JsonException)
        {
            return !T.TryParse(text, null, out _);
        }
    }
}
