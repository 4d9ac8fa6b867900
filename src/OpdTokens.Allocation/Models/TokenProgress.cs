using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace OpdTokens.Allocation;

/// <summary>The part of a <see cref="Token"/> that only a later change sets: the check-in, consultation, completion,
/// cancellation and no-show instants, the cancellation reason, the bump count and the move history.</summary>
/// <remarks>
/// <para>Most tokens of a busy day are allocated and nothing more for hours; kept apart, these members cost such a
/// token one reference instead of about 70 bytes, and the collector copies fewer bytes of every day it promotes.</para>
/// <para>The fields are written only by the token that owns the instance, during that token's initialization (see
/// <c>Token.OwnProgress</c>), and never after the token is published; tokens may share an instance.</para>
/// </remarks>
internal sealed class TokenProgress
{
    /// <summary>The progress of a token nothing has happened to yet; shared, never written.</summary>
    public static readonly TokenProgress None = new();

    /// <summary>The offset stored for an instant that is not set.</summary>
    public const short Unset = short.MinValue;

    // The later instants by index, as UTC ticks and offsets in minutes, held inline: one way to read and write all five.
    public const int CheckedIn = 0;
    public const int ConsultationStarted = 1;
    public const int Completed = 2;
    public const int Cancelled = 3;
    public const int NoShow = 4;
    private const int Instants = 5;

    public InstantTicks Ticks;
    public InstantOffsets Offsets;
    public int BumpCount;
    public string? CancellationReason;
    public ImmutableArray<TokenMove> History = [];

    public TokenProgress()
    {
        // Written one by one: a span's Fill is a generic method the JIT would compile for this alone.
        Offsets[CheckedIn] = Unset;
        Offsets[ConsultationStarted] = Unset;
        Offsets[Completed] = Unset;
        Offsets[Cancelled] = Unset;
        Offsets[NoShow] = Unset;
    }

    /// <summary>A copy for a new token to write its changes into.</summary>
    public TokenProgress Copy() => (TokenProgress)MemberwiseClone();

    /// <summary>Tells whether every member has the same value; the history compares as
    /// <see cref="ImmutableArray{T}"/> does, by its array.</summary>
    public bool HasSameValues(TokenProgress other) =>
        ReferenceEquals(this, other)
        || (
            ((ReadOnlySpan<long>)Ticks).SequenceEqual(other.Ticks)
            && ((ReadOnlySpan<short>)Offsets).SequenceEqual(other.Offsets)
            && BumpCount == other.BumpCount
            && string.Equals(CancellationReason, other.CancellationReason, StringComparison.Ordinal)
            && History.Equals(other.History)
        );

    /// <summary>Reads one of the later instants (<see cref="CheckedIn"/> to <see cref="NoShow"/>).</summary>
    public DateTimeOffset? ReadInstant(int instant) => Read(Ticks[instant], Offsets[instant]);

    /// <summary>Writes one of the later instants; only the owning token, during its initialization.</summary>
    public void WriteInstant(int instant, DateTimeOffset? value) => Offsets[instant] = Write(value, out Ticks[instant]);

    /// <summary>Reads an optional instant stored as UTC ticks and an offset in minutes.</summary>
    public static DateTimeOffset? Read(long utcTicks, short offsetMinutes) =>
        offsetMinutes == Unset
            ? null
            : new DateTimeOffset(utcTicks + offsetMinutes * TimeSpan.TicksPerMinute, new TimeSpan(0, offsetMinutes, 0));

    /// <summary>Splits an optional instant into its UTC ticks (0 when unset) and its offset in minutes (the returned
    /// value, <see cref="Unset"/> when unset). Offsets are whole minutes, so nothing is lost.</summary>
    public static short Write(DateTimeOffset? value, out long utcTicks)
    {
        utcTicks = value?.UtcTicks ?? 0;
        return value is { } instant ? (short)(instant.Offset.Ticks / TimeSpan.TicksPerMinute) : Unset;
    }

    /// <summary>The ticks of the later instants.</summary>
    [InlineArray(Instants)]
    public struct InstantTicks
    {
        private long _first;
    }

    /// <summary>The offsets of the later instants, <see cref="Unset"/> when unset.</summary>
    [InlineArray(Instants)]
    public struct InstantOffsets
    {
        private short _first;
    }
}
