using Microsoft.Extensions.DependencyInjection;
using OpdTokens.Allocation;
using OpdTokens.Allocation.PostgreSql;
using Xunit;

namespace Consumer;

/// <summary>The SQLite and PostgreSQL packages load and work in the consumer's target framework.</summary>
public sealed class StorePackageTests
{
    [Fact]
    public async Task A_token_allocated_on_a_sqlite_file_is_there_after_a_restart()
    {
        var path = Path.Combine(Path.GetTempPath(), $"consumer-{Guid.NewGuid():N}.db");
        try
        {
            var day = await WithEngineAsync(
                path,
                async engine =>
                {
                    var doctor = (
                        await engine.RegisterDoctorAsync(new RegisterDoctor("Dr. Rao", "Cardiology"))
                    ).GetValueOrThrow();
                    var date = engine.Today.AddDays(1);
                    var slot = (await engine.AddSlotAsync(new AddSlot(doctor.Id, date, new(9, 0), new(10, 0), 5)))
                        .GetValueOrThrow()
                        .Slot;
                    var request = new AllocateToken(doctor.Id, new Patient("Asha"), TokenSource.Online)
                    {
                        PreferredSlotId = slot.Id,
                    };
                    (await engine.AllocateAsync(request)).GetValueOrThrow();
                    return slot.Id.Partition;
                }
            );

            var seated = await WithEngineAsync(
                path,
                async engine => (await engine.GetDoctorDayAsync(day)).GetOccupancy(new SlotId(day, 1))
            );
            Assert.Equal(1, seated);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(path) + "*"))
            {
                File.Delete(file);
            }
        }
    }

    [Fact]
    public async Task An_unreachable_postgresql_server_is_a_typed_store_error()
    {
        await using var store = new PostgreSqlStateStore("Host=127.0.0.1;Port=1;Timeout=2;Database=none");

        await Assert.ThrowsAsync<StateStoreException>(async () =>
            await store.LoadDoctorsAsync(TestContext.Current.CancellationToken)
        );
    }

    private static async Task<T> WithEngineAsync<T>(string path, Func<IAllocationEngine, Task<T>> use)
    {
        var services = new ServiceCollection();
        services.AddOpdTokenAllocation().UseSqliteStore($"Data Source={path}");
        await using var provider = services.BuildServiceProvider();
        return await use(provider.GetRequiredService<IAllocationEngine>());
    }
}
