using System.Runtime.InteropServices;

namespace OpdTokens.Allocation;

/// <summary>56 bytes of nothing: a field of this type after a small object's hot field keeps the hot fields of two
/// neighbouring objects on different 64-byte cache lines.</summary>
/// <remarks>Objects allocated one after another sit side by side on the heap; when two threads write their own
/// neighbouring objects, each write evicts the other core's copy of the shared line (false sharing).</remarks>
[StructLayout(LayoutKind.Explicit, Size = 56)]
internal readonly struct CacheLinePadding;
