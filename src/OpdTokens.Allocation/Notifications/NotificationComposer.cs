using System.Globalization;
using OpdTokens.Allocation.Storage;

namespace OpdTokens.Allocation.Notifications;

/// <summary>Decides whether an event notifies its token's patient, and with what text: the pure part of the
/// dispatcher.</summary>
/// <remarks>Immutable once built; thread-safe.</remarks>
internal sealed class NotificationComposer
{
    private readonly HashSet<string> _notifyOn;
    private readonly NotificationOptions _options;
    private readonly NotificationTemplates _templates;

    public NotificationComposer(NotificationOptions options)
    {
        _options = options;
        _notifyOn = new HashSet<string>(options.NotifyOn ?? NotificationDefaults.NotifyOn, StringComparer.Ordinal);
        _templates = new NotificationTemplates(options);
    }

    /// <summary>Makes the notification of an event, or <see langword="null"/> when nobody is to be told: a kind not
    /// notified, no token, no phone, no consent, or no template.</summary>
    /// <param name="entry">The outbox entry.</param>
    /// <param name="day">The event's doctor-day, at or after the event's version.</param>
    /// <param name="doctorName">The doctor's name, as the patient reads it.</param>
    public Notification? Compose(OutboxEntry entry, DoctorDay day, string doctorName)
    {
        var kind = EventKinds.Of(entry.Event);
        if (!_notifyOn.Contains(kind) || EventKinds.TokenOf(entry.Event) is not { } tokenId)
        {
            return null;
        }

        if (day.FindToken(tokenId) is not { } token || token.Patient.Phone is not { Length: > 0 } phone)
        {
            return null;
        }

        var attributes = token.Patient.Attributes;
        if (
            _options.RequireConsent
            && !(
                attributes.TryGetValue(_options.ConsentAttribute, out var consent)
                && string.Equals(consent, NotificationDefaults.ConsentValue, StringComparison.OrdinalIgnoreCase)
            )
        )
        {
            return null;
        }

        var language = _templates.LanguageFor(
            attributes.TryGetValue(_options.LanguageAttribute, out var asked) ? asked : null
        );
        var (slotId, variant) = entry.Event switch
        {
            TokenAllocated e => (e.SlotId, (string?)null),
            TokenPromoted e => (e.SlotId, null),
            TokenBumped e => (e.ToSlotId, e.ToSlotId is null ? "waitlisted" : null),
            TokenReallocated e => (e.ToSlotId, e.ToSlotId is null ? "waitlisted" : null),
            TokenStatusChanged e => (token.SlotId, SnakeCase(e.To.ToString())),
            _ => (token.SlotId, null),
        };
        if (_templates.Find(language, kind, variant) is not { } template)
        {
            return null;
        }

        var slot = slotId is { } id ? day.FindSlot(id) : null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["name"] = token.Patient.Name,
            ["token"] = token.Number,
            ["doctor"] = doctorName,
            ["date"] = day.Key.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["time"] = slot?.StartsAt.ToString("HH:mm", CultureInfo.InvariantCulture) ?? "-",
        };
        return new Notification(
            entry.Id,
            kind,
            entry.Event,
            entry.Attempts + 1,
            new NotificationRecipient(token.Id, token.Number, phone, language),
            NotificationTemplates.Fill(template, values)
        );
    }

    private static string SnakeCase(string name) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}
