using System.Collections.Frozen;
using System.Text;

namespace OpdTokens.Allocation.Notifications;

/// <summary>The message texts by language and key: the shipped English and Hindi ones, with the host's additions
/// over them, and filling in a template's placeholders.</summary>
/// <remarks>Immutable once built; thread-safe.</remarks>
internal sealed class NotificationTemplates
{
    /// <summary>The shipped texts. Keys are a kind, or a kind and a variant (see <see cref="NotificationOptions"/>).</summary>
    private static readonly Dictionary<string, Dictionary<string, string>> Shipped = new(
        StringComparer.OrdinalIgnoreCase
    )
    {
        ["en"] = new(StringComparer.Ordinal)
        {
            [EventKinds.TokenAllocated] =
                "Dear {name}, your token {token} with {doctor} on {date} is confirmed for {time}.",
            [EventKinds.TokenWaitlisted] =
                "Dear {name}, token {token} with {doctor} on {date} is on the waitlist; we will message you when a seat frees up.",
            [EventKinds.TokenBumped] =
                "Dear {name}, your token {token} with {doctor} on {date} has moved to {time} to make room for a priority patient.",
            [EventKinds.TokenBumped + ".waitlisted"] =
                "Dear {name}, your token {token} with {doctor} on {date} has moved to the waitlist to make room for a priority patient.",
            [EventKinds.TokenPromoted] =
                "Good news, {name}: token {token} with {doctor} on {date} now has a seat at {time}.",
            [EventKinds.TokenReallocated] =
                "Dear {name}, your token {token} with {doctor} on {date} has moved to {time}.",
            [EventKinds.TokenReallocated + ".waitlisted"] =
                "Dear {name}, your token {token} with {doctor} on {date} has moved to the waitlist.",
            [EventKinds.TokenStatusChanged + ".consulting"] =
                "{name}, token {token}: please go to {doctor}'s room now.",
            [EventKinds.TokenCancelled] = "Dear {name}, token {token} with {doctor} on {date} has been cancelled.",
            [EventKinds.TokenMarkedNoShow] = "Dear {name}, token {token} with {doctor} on {date} was marked as missed.",
        },
        ["hi"] = new(StringComparer.Ordinal)
        {
            [EventKinds.TokenAllocated] =
                "प्रिय {name}, {date} को {doctor} के साथ आपका टोकन {token} {time} के लिए पक्का हो गया है।",
            [EventKinds.TokenWaitlisted] =
                "प्रिय {name}, {date} को {doctor} के साथ टोकन {token} प्रतीक्षा सूची में है; सीट खाली होने पर हम आपको संदेश भेजेंगे।",
            [EventKinds.TokenBumped] =
                "प्रिय {name}, एक प्राथमिकता वाले मरीज़ के लिए {date} को {doctor} के साथ आपका टोकन {token} अब {time} पर है।",
            [EventKinds.TokenBumped + ".waitlisted"] =
                "प्रिय {name}, एक प्राथमिकता वाले मरीज़ के लिए {date} को {doctor} के साथ आपका टोकन {token} प्रतीक्षा सूची में चला गया है।",
            [EventKinds.TokenPromoted] =
                "शुभ समाचार, {name}: {date} को {doctor} के साथ टोकन {token} को अब {time} पर सीट मिल गई है।",
            [EventKinds.TokenReallocated] =
                "प्रिय {name}, {date} को {doctor} के साथ आपका टोकन {token} अब {time} पर है।",
            [EventKinds.TokenReallocated + ".waitlisted"] =
                "प्रिय {name}, {date} को {doctor} के साथ आपका टोकन {token} प्रतीक्षा सूची में चला गया है।",
            [EventKinds.TokenStatusChanged + ".consulting"] =
                "{name}, टोकन {token}: कृपया अभी {doctor} के कक्ष में जाएँ।",
            [EventKinds.TokenCancelled] = "प्रिय {name}, {date} को {doctor} के साथ टोकन {token} रद्द कर दिया गया है।",
            [EventKinds.TokenMarkedNoShow] =
                "प्रिय {name}, {date} को {doctor} के साथ टोकन {token} अनुपस्थित दर्ज किया गया है।",
        },
    };

    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> _texts;
    private readonly string _defaultLanguage;

    public NotificationTemplates(NotificationOptions options)
    {
        var merged = new Dictionary<string, Dictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (language, texts) in Shipped)
        {
            merged[language] = new Dictionary<string, string>(texts, StringComparer.Ordinal);
        }

        foreach (var (language, texts) in options.Templates)
        {
            if (!merged.TryGetValue(language, out var into))
            {
                merged[language] = into = new Dictionary<string, string>(StringComparer.Ordinal);
            }

            foreach (var (key, text) in texts)
            {
                into[key] = text;
            }
        }

        _texts = merged.ToFrozenDictionary(
            p => p.Key,
            p => p.Value.ToFrozenDictionary(StringComparer.Ordinal),
            StringComparer.OrdinalIgnoreCase
        );
        _defaultLanguage = options.DefaultLanguage;
    }

    /// <summary>Gets the language a patient's messages use: theirs when it has templates, else the default.</summary>
    public string LanguageFor(string? requested) =>
        requested is not null && _texts.ContainsKey(requested) ? requested.ToLowerInvariant() : _defaultLanguage;

    /// <summary>Finds the template of a key (its variant first, then the kind alone) in a language, then in the default
    /// language.</summary>
    public string? Find(string language, string kind, string? variant)
    {
        foreach (var lang in new[] { language, _defaultLanguage })
        {
            if (!_texts.TryGetValue(lang, out var texts))
            {
                continue;
            }

            if (variant is not null && texts.TryGetValue(kind + "." + variant, out var specific))
            {
                return specific;
            }

            // A status change has no plain template by design: only the statuses with a variant are told.
            if (variant is null || kind != EventKinds.TokenStatusChanged)
            {
                if (texts.TryGetValue(kind, out var general))
                {
                    return general;
                }
            }
        }

        return null;
    }

    /// <summary>Fills in <c>{name}</c>-style placeholders; an unknown one stays as written.</summary>
    public static string Fill(string template, IReadOnlyDictionary<string, string> values)
    {
        var text = new StringBuilder(template.Length + 32);
        var at = 0;
        while (at < template.Length)
        {
            var open = template.IndexOf('{', at);
            var close = open < 0 ? -1 : template.IndexOf('}', open + 1);
            if (open < 0 || close < 0)
            {
                text.Append(template, at, template.Length - at);
                break;
            }

            text.Append(template, at, open - at);
            var name = template.Substring(open + 1, close - open - 1);
            if (values.TryGetValue(name, out var value))
            {
                text.Append(value);
            }
            else
            {
                text.Append(template, open, close - open + 1);
            }

            at = close + 1;
        }

        return text.ToString();
    }
}
