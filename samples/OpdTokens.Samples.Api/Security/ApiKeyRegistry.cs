using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace OpdTokens.Samples.Api.Security;

/// <summary>The configured API keys, kept only as SHA-256 hashes and compared in constant time.</summary>
/// <remarks>Every key is compared on every lookup and the comparison of hashes takes the same time wherever they
/// differ, so response times reveal neither which key nor how much of a key matched. Keys are read at start-up.
/// This type is immutable and thread-safe.</remarks>
internal sealed class ApiKeyRegistry
{
    private readonly ImmutableArray<(byte[] Hash, ApiKeyIdentity Identity)> _keys;

    public ApiKeyRegistry(IOptions<SecurityOptions> options, IHostEnvironment environment)
    {
        _keys =
        [
            .. options
                .Value.ActiveKeys(environment)
                .Keys.Select(
                    (entry, index) =>
                        (
                            Hash(entry.Key!),
                            new ApiKeyIdentity(
                                string.IsNullOrWhiteSpace(entry.Name) ? $"key-{index}" : entry.Name.Trim(),
                                ApiRoles.Normalize(entry.Role)!,
                                entry.PermitLimit
                            )
                        )
                ),
        ];
    }

    public ApiKeyIdentity? Find(string presented)
    {
        var hash = Hash(presented);
        ApiKeyIdentity? match = null;
        foreach (var (keyHash, identity) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, keyHash))
            {
                match = identity;
            }
        }

        return match;
    }

    /// <summary>The own rate limit of the key named <paramref name="name"/>, if it has one.</summary>
    public int? PermitLimitOf(string name)
    {
        foreach (var (_, identity) in _keys)
        {
            if (string.Equals(identity.Name, name, StringComparison.Ordinal))
            {
                return identity.PermitLimit;
            }
        }

        return null;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
