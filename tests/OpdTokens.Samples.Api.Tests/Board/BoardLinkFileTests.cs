using System.Net;
using System.Text.Json.Nodes;

namespace OpdTokens.Samples.Api.Tests.Board;

/// <summary>Issuing and revoking a board link are all-or-nothing: when <c>Board:LinksFile</c> cannot be written the
/// answer is 500 and nothing changed, in memory or on disk.</summary>
public sealed class BoardLinkFileTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("opd-board-file-");

    private string Folder => Path.Combine(_root.FullName, "board");

    [Fact]
    public async Task A_revoke_that_cannot_be_saved_leaves_the_link_working_and_its_stream_open()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var factory = Host();
        using var admin = factory.Client();
        var doctor = await admin.CreateDoctorAsync();
        var slot = await admin.CreateSlotAsync(doctor, "09:00", "10:00", 6);
        var issued = (await IssueAsync(admin, doctor, "ward-tv", HttpStatusCode.Created))!;
        var id = (string)issued["id"]!;
        using var screen = await BoardScreen.ConnectAsync(factory, (string)issued["secret"]!);
        using var stream = await BoardStream.OpenAsync(screen, doctor, timeout.Token);
        Assert.NotNull(await stream.NextAsync(timeout.Token));

        MakeUnwritable();
        await admin.CallAsync(HttpMethod.Delete, $"/api/v1/board-links/{id}", null, HttpStatusCode.InternalServerError);

        // Nothing changed: the link is listed as it was, its cookie and secret work, its stream hears the next change.
        Assert.Null(Assert.Single((await admin.GetAsync("/api/v1/board-links"))!.AsArray())!["revokedAt"]);
        await screen.GetAsync($"/api/v1/board?doctors={doctor}");
        using var another = factory.Client(apiKey: null);
        await another.PostAsync("/board/session", new { secret = (string)issued["secret"]! }, HttpStatusCode.OK);
        await admin.AllocateAsync(doctor, slot, "After Failure");
        var board = await stream.NextAsync(timeout.Token);
        Assert.Contains("A. F.", board!.ToJsonString(), StringComparison.Ordinal);

        // Once the file can be written again, the revoke goes through, is saved and ends the stream.
        MakeWritable();
        await admin.CallAsync(HttpMethod.Delete, $"/api/v1/board-links/{id}", null, HttpStatusCode.NoContent);
        Assert.Null(await stream.NextAsync(timeout.Token));
        await screen.GetAsync($"/api/v1/board?doctors={doctor}", HttpStatusCode.Unauthorized);
        using var restarted = Host();
        using var restartedAdmin = restarted.Client();
        Assert.NotNull(Assert.Single((await restartedAdmin.GetAsync("/api/v1/board-links"))!.AsArray())!["revokedAt"]);
    }

    [Fact]
    public async Task An_issue_that_cannot_be_saved_leaves_no_link_behind()
    {
        using var factory = Host();
        using var admin = factory.Client();
        var doctor = await admin.CreateDoctorAsync();
        await IssueAsync(admin, doctor, "first", HttpStatusCode.Created);

        MakeUnwritable();
        var failed = await IssueAsync(admin, doctor, "failed", HttpStatusCode.InternalServerError);
        var afterFailure = await NamesAsync(admin);
        MakeWritable();
        await IssueAsync(admin, doctor, "third", HttpStatusCode.Created);

        Assert.Null(failed!["secret"]);
        Assert.Equal(["first"], afterFailure);
        Assert.Equal(["first", "third"], await NamesAsync(admin));
        using var restarted = Host();
        using var restartedAdmin = restarted.Client();
        Assert.Equal(["first", "third"], await NamesAsync(restartedAdmin));
    }

    [Fact]
    public async Task Concurrent_issues_and_revokes_keep_every_change_in_memory_and_in_the_file()
    {
        using var factory = Host();
        using var admin = factory.Client();
        var doctor = await admin.CreateDoctorAsync();
        var early = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            early.Add((string)(await IssueAsync(admin, doctor, $"early-{i}", HttpStatusCode.Created))!["id"]!);
        }

        await Task.WhenAll(
            Enumerable
                .Range(0, 16)
                .Select(i => IssueAsync(admin, doctor, $"late-{i}", HttpStatusCode.Created))
                .Concat(
                    early.Select(id =>
                        admin.CallAsync(HttpMethod.Delete, $"/api/v1/board-links/{id}", null, HttpStatusCode.NoContent)
                    )
                )
        );

        using var restarted = Host();
        using var restartedAdmin = restarted.Client();
        var saved = (await restartedAdmin.GetAsync("/api/v1/board-links"))!.AsArray();
        var live = (await admin.GetAsync("/api/v1/board-links"))!.AsArray();
        Assert.Equal(24, saved.Count);
        Assert.Equal(live.ToJsonString(), saved.ToJsonString());
        Assert.All(
            saved,
            link =>
                Assert.Equal(
                    ((string)link!["name"]!).StartsWith("early-", StringComparison.Ordinal),
                    link["revokedAt"] is not null
                )
        );
    }

    public void Dispose()
    {
        // The folder may have been replaced by a plain file.
        if (File.Exists(Folder))
        {
            File.Delete(Folder);
        }

        _root.Delete(recursive: true);
    }

    private ApiFactory Host() =>
        ApiFactory.With(new Dictionary<string, string?> { ["Board:LinksFile"] = Path.Combine(Folder, "links.json") });

    /// <summary>Replaces the links file's folder with a plain file, so neither the file nor its temporary copy can be
    /// written (permissions would not stop root).</summary>
    private void MakeUnwritable()
    {
        File.Copy(Path.Combine(Folder, "links.json"), Path.Combine(_root.FullName, "links.json.saved"));
        Directory.Delete(Folder, recursive: true);
        File.WriteAllText(Folder, "not a folder");
    }

    private void MakeWritable()
    {
        File.Delete(Folder);
        Directory.CreateDirectory(Folder);
        File.Move(Path.Combine(_root.FullName, "links.json.saved"), Path.Combine(Folder, "links.json"));
    }

    private static Task<JsonNode?> IssueAsync(ApiClient admin, string doctor, string name, HttpStatusCode expected) =>
        admin.PostAsync("/api/v1/board-links", new { name, doctorIds = new[] { doctor } }, expected);

    /// <summary>The links' names in name order (links issued in the same instant have no order of their own).</summary>
    private static async Task<List<string>> NamesAsync(ApiClient admin) =>
        [
            .. (await admin.GetAsync("/api/v1/board-links"))!
                .AsArray()
                .Select(l => (string)l!["name"]!)
                .Order(StringComparer.Ordinal),
        ];
}
