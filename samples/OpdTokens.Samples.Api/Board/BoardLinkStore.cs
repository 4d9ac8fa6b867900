using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace OpdTokens.Samples.Api.Board;

/// <summary>Issues, finds and revokes board links. Only SHA-256 hashes of the secrets are kept, in memory and, when
/// <see cref="BoardOptions.LinksFile"/> is set, in that file (written whole to a temporary file, then moved over the
/// old one), so links survive a restart.</summary>
/// <remarks>One instance owns the file: several instances behind a load balancer would each need the same file, or
/// the links in their shared database. This type is thread-safe.</remarks>
internal sealed class BoardLinkStore : IDisposable
{
    private static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly string? _path;
    private readonly TimeProvider _time;
    private readonly object _writeLock = new();
    private readonly ConcurrentDictionary<string, BoardLink> _byHash = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _revocations = new(StringComparer.Ordinal);

    public BoardLinkStore(IOptions<BoardOptions> options, IHostEnvironment environment, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        if (!string.IsNullOrWhiteSpace(options.Value.LinksFile))
        {
            _path = Path.GetFullPath(options.Value.LinksFile, environment.ContentRootPath);
            if (File.Exists(_path))
            {
                foreach (
                    var link in JsonSerializer.Deserialize<List<BoardLink>>(File.ReadAllText(_path), FileJson) ?? []
                )
                {
                    _byHash[link.SecretHash] = link;
                }
            }
        }
    }

    /// <summary>Issues a link; the secret is returned once and never kept.</summary>
    public (BoardLink Link, string Secret) Issue(string name, IReadOnlyList<string> doctorIds)
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var link = new BoardLink(
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)),
            name,
            doctorIds,
            Hash(secret),
            _time.GetUtcNow(),
            null
        );
        lock (_writeLock)
        {
            _byHash[link.SecretHash] = link;
            Save();
        }

        return (link, secret);
    }

    /// <summary>Finds the link of a secret; <see langword="null"/> when there is none or it was revoked.</summary>
    public BoardLink? Find(string? secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > 100)
        {
            return null;
        }

        var hash = Hash(secret);
        return
            _byHash.TryGetValue(hash, out var link)
            && CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(hash),
                Encoding.ASCII.GetBytes(link.SecretHash)
            )
            && !link.IsRevoked
            ? link
            : null;
    }

    public IReadOnlyList<BoardLink> List() => [.. _byHash.Values.OrderBy(l => l.CreatedAt).ThenBy(l => l.Id)];

    /// <summary>Revokes a link: it stops authenticating at once and its open feeds end.</summary>
    /// <returns>The revoked link, or <see langword="null"/> when no link has this id.</returns>
    public BoardLink? Revoke(string id)
    {
        BoardLink? revoked = null;
        lock (_writeLock)
        {
            foreach (var (hash, link) in _byHash)
            {
                if (string.Equals(link.Id, id, StringComparison.Ordinal))
                {
                    revoked = link.IsRevoked ? link : link with { RevokedAt = _time.GetUtcNow() };
                    _byHash[hash] = revoked;
                }
            }

            if (revoked is not null)
            {
                Save();
            }
        }

        if (revoked is not null && _revocations.TryRemove(revoked.Id, out var revocation))
        {
            revocation.Cancel();
            revocation.Dispose();
        }

        return revoked;
    }

    /// <summary>A token that is cancelled when the link is revoked.</summary>
    public CancellationToken RevokedToken(BoardLink link)
    {
        var source = _revocations.GetOrAdd(link.Id, _ => new CancellationTokenSource());
        // A revocation between the find and here would have removed the source: check again.
        return _byHash.TryGetValue(link.SecretHash, out var current) && current.IsRevoked
            ? new CancellationToken(canceled: true)
            : source.Token;
    }

    public void Dispose()
    {
        foreach (var source in _revocations.Values)
        {
            source.Dispose();
        }
    }

    private void Save()
    {
        if (_path is null)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var temporary = _path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(List(), FileJson));
        File.Move(temporary, _path, overwrite: true);
    }

    private static string Hash(string secret) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
