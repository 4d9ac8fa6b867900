using System.Text;
using OpdTokens.Allocation.Notifications;
using OpdTokens.Allocation.Testing;

namespace OpdTokens.Allocation.Tests.Notifications;

public sealed class WebhookSignatureTests
{
    private const string Secret = "a-shared-secret-of-at-least-32-characters";
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"id":"E-D1-20261121-7-2","message":"Hello"}""");

    [Fact]
    public void A_signed_body_verifies_within_the_tolerance()
    {
        var header = WebhookSignature.Sign(Secret, Now, Body);

        Assert.Matches("^t=[0-9]+,v1=[0-9a-f]{64}$", header);
        Assert.Equal(
            WebhookVerificationResult.Valid,
            WebhookSignature.Verify(header, Body, Secret, Now.AddMinutes(4), TimeSpan.FromMinutes(5))
        );
    }

    [Fact]
    public void A_tampered_body_is_rejected()
    {
        var header = WebhookSignature.Sign(Secret, Now, Body);
        var tampered = Encoding.UTF8.GetBytes("""{"id":"E-D1-20261121-7-2","message":"Hellp"}""");

        Assert.Equal(
            WebhookVerificationResult.SignatureMismatch,
            WebhookSignature.Verify(header, tampered, Secret, Now, TimeSpan.FromMinutes(5))
        );
    }

    [Fact]
    public void A_changed_timestamp_or_another_secret_is_rejected()
    {
        var header = WebhookSignature.Sign(Secret, Now, Body);
        var seconds = Now.ToUnixTimeSeconds();
        var movedTime = header.Replace($"t={seconds}", $"t={seconds + 60}", StringComparison.Ordinal);

        Assert.Equal(
            WebhookVerificationResult.SignatureMismatch,
            WebhookSignature.Verify(movedTime, Body, Secret, Now, TimeSpan.FromMinutes(5))
        );
        Assert.Equal(
            WebhookVerificationResult.SignatureMismatch,
            WebhookSignature.Verify(header, Body, Secret + "x", Now, TimeSpan.FromMinutes(5))
        );
    }

    [Fact]
    public void A_request_replayed_after_the_tolerance_is_expired()
    {
        var header = WebhookSignature.Sign(Secret, Now, Body);

        Assert.Equal(
            WebhookVerificationResult.Expired,
            WebhookSignature.Verify(header, Body, Secret, Now.AddMinutes(6), TimeSpan.FromMinutes(5))
        );
    }

    [Fact]
    public void The_verifier_rejects_a_replay_within_the_window_and_accepts_a_retry_signed_anew()
    {
        var clock = new ManualTimeProvider(Now);
        var verifier = new WebhookVerifier(Secret, TimeSpan.FromMinutes(5), clock);
        var first = WebhookSignature.Sign(Secret, Now, Body);

        Assert.Equal(WebhookVerificationResult.Valid, verifier.Verify(first, Body));
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(WebhookVerificationResult.Replayed, verifier.Verify(first, Body));
        var retry = WebhookSignature.Sign(Secret, clock.GetUtcNow(), Body);
        Assert.Equal(WebhookVerificationResult.Valid, verifier.Verify(retry, Body));
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(WebhookVerificationResult.Expired, verifier.Verify(first, Body));
    }

    [Theory]
    [InlineData(null, WebhookVerificationResult.Missing)]
    [InlineData("", WebhookVerificationResult.Missing)]
    [InlineData("v1=abc", WebhookVerificationResult.Malformed)]
    [InlineData("t=12,", WebhookVerificationResult.Malformed)]
    [InlineData("t=x,v1=00", WebhookVerificationResult.Malformed)]
    [InlineData("t=1795000000,v1=zz", WebhookVerificationResult.SignatureMismatch)]
    public void A_missing_or_malformed_header_is_rejected(string? header, WebhookVerificationResult expected) =>
        Assert.Equal(expected, WebhookSignature.Verify(header, Body, Secret, Now, TimeSpan.FromMinutes(5)));
}
