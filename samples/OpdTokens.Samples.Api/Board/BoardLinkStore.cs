using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace OpdTokens.Samples.Api.Board;

/// <summary>Issues, finds and revokes board links. Only SHA-256 hashes of the secrets are kept, in memory and, when
/// <see cref="BoardOptions.LinksFile"/> is set, in that file (written whole to a temporary file, flushed, then moved over
/// the old one), so links survive a restart.</summary>
/// <remarks>Issuing and revoking are all-or-nothing: each builds the next set of links, saves it, and only then makes it
/// the current one, so a save that fails (the file cannot be written) changes nothing, in memory or on disk. They run one
/// at a time, each from the set the previous one left, so concurrent calls never lose each other's changes; readers
/// read the current set without a lock. One instance owns the file: several instances behind a load balancer would
/// each need the same file, or the links in their shared database. This type is thread-safe.</remarks>
internal sealed class BoardLinkStore : IDisposable
{
    private static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly string? _path;
    private readonly TimeProvider _time;
    private readonly Lock _writeLock = new();
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _revocations = new(StringComparer.Ordinal);

    // The saved links by secret hash: replaced whole, under the write lock, once the file holds the new set.
    private volatile ImmutableDictionary<string, BoardLink> _byHash = ImmutableDictionary.Create<string, BoardLink>(
        StringComparer.Ordinal
    );

    public BoardLinkStore(IOptions<BoardOptions> options, IHostEnvironment environment, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        if (!string.IsNullOrWhiteSpace(options.Value.LinksFile))
        {
            _path = Path.GetFullPath(options.Value.LinksFile, environment.ContentRootPath);
            if (File.Exists(_path))
            {
                var saved = JsonSerializer.Deserialize<List<BoardLink>>(File.ReadAllText(_path), FileJson) ?? [];
                _byHash = _byHash.SetItems(saved.Select(l => KeyValuePair.Create(l.SecretHash, l)));
            }
        }
    }

    /// <summary>Issues a link; the secret is returned once and never kept.</summary>
    /// <exception cref="IOException">The links file could not be written; no link was issued.</exception>
    /// <exception cref="UnauthorizedAccessException">The links file may not be written; no link was issued.</exception>
    public (BoardLink Link, string Secret) Issue(string name, IReadOnlyList<string> doctorIds)
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        lock (_writeLock)
        {
            var current = _byHash;
            string id;
            do
            {
                id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
            } while (current.Values.Any(l => string.Equals(l.Id, id, StringComparison.Ordinal)));

            var link = new BoardLink(id, name, doctorIds, Hash(secret), _time.GetUtcNow(), null);
            Commit(current.SetItem(link.SecretHash, link));
            return (link, secret);
        }
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

    /// <summary>Finds the link of the board-link cookie a request carries; <see langword="null"/> when it carries none,
    /// or one of no link or of a revoked link.</summary>
    public BoardLink? FindByCookie(HttpRequest request) =>
        request.Cookies.TryGetValue(BoardLinkAuthenticationHandler.CookieName, out var secret) ? Find(secret) : null;

    public IReadOnlyList<BoardLink> List() => Ordered(_byHash);

    /// <summary>Revokes a link: it stops authenticating at once and its open feeds end.</summary>
    /// <returns>The revoked link, or <see langword="null"/> when no link has this id.</returns>
    /// <exception cref="IOException">The links file could not be written; the link still works.</exception>
    /// <exception cref="UnauthorizedAccessException">The links file may not be written; the link still works.</exception>
    public BoardLink? Revoke(string id)
    {
        BoardLink revoked;
        lock (_writeLock)
        {
            var current = _byHash;
            var link = current.Values.FirstOrDefault(l => string.Equals(l.Id, id, StringComparison.Ordinal));
            if (link is null || link.IsRevoked)
            {
                // Unknown, or revoked already (and saved so, and its feeds ended then): nothing to write.
                return link;
            }

            revoked = link with { RevokedAt = _time.GetUtcNow() };
            Commit(current.SetItem(link.SecretHash, revoked));
        }

        // Only once the revocation is saved and current: a failed save leaves the link's feeds open, as it leaves the
        // link working. The source is not disposed: a feed between its GetOrAdd and its Token may still hold it.
        if (_revocations.TryRemove(revoked.Id, out var revocation))
        {
            revocation.Cancel();
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

    /// <summary>Saves the next set of links and makes it the current one; when the save fails, throws and leaves the
    /// current set (and the file) as they were. Called under the write lock.</summary>
    private void Commit(ImmutableDictionary<string, BoardLink> next)
    {
        if (_path is not null)
        {
            Save(_path, Ordered(next));
        }

        _byHash = next;
    }

    private static void Save(string path, IReadOnlyList<BoardLink> links)
    {
        var temporary = path + ".tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(file, links, FileJson);
                // On disk before the move, so a crash leaves the old file or the whole new one.
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The save failed already; a leftover temporary file is overwritten by the next save.
        }
    }

    private static List<BoardLink> Ordered(ImmutableDictionary<string, BoardLink> links) =>
        [.. links.Values.OrderBy(l => l.CreatedAt).ThenBy(l => l.Id, StringComparer.Ordinal)];

    private static string Hash(string secret) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
