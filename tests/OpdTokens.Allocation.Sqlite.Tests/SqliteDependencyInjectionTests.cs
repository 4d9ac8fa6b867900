using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpdTokens.Allocation.Storage;

namespace OpdTokens.Allocation.Sqlite.Tests;

/// <summary><c>UseSqliteStore</c> puts the engine on a SQLite file, so a restarted host finds its tokens again.</summary>
public sealed class SqliteDependencyInjectionTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Delete();

    [Fact]
    public async Task A_restarted_host_finds_the_tokens_of_the_previous_run()
    {
        var connectionString = _folder.DatabaseConnectionString("host.db");
        Token allocated;
        await using (var first = Host(b => b.UseSqliteStore(connectionString)))
        {
            Assert.IsType<SqliteStateStore>(first.GetRequiredService<IStateStore>());
            var engine = first.GetRequiredService<IAllocationEngine>();
            var doctor = (
                await engine.RegisterDoctorAsync(new RegisterDoctor("Dr. Kept", "General"))
            ).GetValueOrThrow();
            var date = engine.Today.AddDays(1);
            var slot = (await engine.AddSlotAsync(new AddSlot(doctor.Id, date, new(9, 0), new(10, 0), 3)))
                .GetValueOrThrow()
                .Slot;
            allocated = (
                await engine.AllocateAsync(
                    new AllocateToken(doctor.Id, new Patient("Kept"), TokenSource.Online) { PreferredSlotId = slot.Id }
                )
            )
                .GetValueOrThrow()
                .Token;
        }

        await using var second = Host(b => b.UseSqliteStore(_ => connectionString));
        var restarted = second.GetRequiredService<IAllocationEngine>();

        var found = await restarted.FindTokenByNumberAsync(allocated.Number);
        Assert.Equal(allocated.Id, found?.Id);
        Assert.Equal(TokenStatus.Allocated, found?.Status);
        Assert.Single(await restarted.GetDoctorsAsync());
    }

    [Fact]
    public async Task The_store_is_built_when_first_needed_and_the_start_up_step_creates_its_tables()
    {
        var file = _folder.File("lazy.db");
        await using var host = Host(b => b.UseSqliteStore(o => o.ConnectionString = "Data Source=" + file));
        Assert.False(File.Exists(file));

        foreach (var step in host.GetServices<IHostedService>())
        {
            await step.StartAsync(CancellationToken.None);
        }

        Assert.True(File.Exists(file));
        using var connection = new SqliteConnection("Data Source=" + file);
        connection.Open();
        using var command = connection.CreateCommand();
        // Every migration applied, whatever their number.
        command.CommandText = "SELECT count(*) > 0 AND count(*) = max(version) FROM opd_schema_versions;";
        Assert.Equal(1L, command.ExecuteScalar());
        Assert.Same(host.GetRequiredService<SqliteStateStore>(), host.GetRequiredService<IStateStore>());
    }

    [Fact]
    public void Settings_the_store_cannot_use_fail_at_start_up_naming_each_without_echoing_the_connection_string()
    {
        using var host = Host(b =>
            b.UseSqliteStore(o =>
            {
                o.ConnectionString = "Data Source=:memory:;Password=hunter2";
                o.MaxBatchSize = 0;
                o.MaxBatchBytes = 10;
            })
        );

        var error = Assert.Throws<OptionsValidationException>(() =>
            host.GetRequiredService<IStartupValidator>().Validate()
        );

        Assert.Equal(3, error.Failures.Count());
        Assert.Contains("OpdTokens:Sqlite:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.Contains("OpdTokens:Sqlite:MaxBatchSize", error.Message, StringComparison.Ordinal);
        Assert.Contains("OpdTokens:Sqlite:MaxBatchBytes", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_connection_string_the_store_cannot_use_fails_at_registration() =>
        Assert.Throws<ArgumentException>(() => Host(b => b.UseSqliteStore("Data Source=:memory:")));

    private static ServiceProvider Host(
        Action<Microsoft.Extensions.DependencyInjection.IOpdTokenAllocationBuilder> store
    )
    {
        var services = new ServiceCollection();
        store(services.AddOpdTokenAllocation());
        return services.BuildServiceProvider();
    }
}
