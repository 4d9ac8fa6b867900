using System.Buffers;
using System.IO.Pipelines;

namespace OpdTokens.Samples.Api.Server;

/// <summary>The connection's output as Kestrel writes it, held until each flush so a body-less error response of the
/// server can be given its problem body (<see cref="ServerRejection"/>) before it is sent.</summary>
/// <remarks>Costs one copy of every response byte; the buffer is reused, so steady traffic allocates nothing.</remarks>
internal sealed class RejectionRewritingWriter(PipeWriter inner) : PipeWriter
{
    private readonly ArrayBufferWriter<byte> _pending = new(4096);

    /// <summary>Gets whether <see cref="UnflushedBytes"/> is known: Kestrel asks, and JSON serialisation flushes by
    /// it.</summary>
    public override bool CanGetUnflushedBytes => true;

    public override long UnflushedBytes => _pending.WrittenCount;

    public override void Advance(int bytes) => _pending.Advance(bytes);

    public override Memory<byte> GetMemory(int sizeHint = 0) => _pending.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => _pending.GetSpan(sizeHint);

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null)
    {
        Forward();
        inner.Complete(exception);
    }

    public override async ValueTask CompleteAsync(Exception? exception = null)
    {
        Forward();
        await inner.CompleteAsync(exception);
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        Forward();
        return inner.FlushAsync(cancellationToken);
    }

    private void Forward()
    {
        if (_pending.WrittenCount == 0)
        {
            return;
        }

        var written = _pending.WrittenSpan;
        inner.Write(ServerRejection.TryRewrite(written) ?? written);
        _pending.ResetWrittenCount();
    }
}
