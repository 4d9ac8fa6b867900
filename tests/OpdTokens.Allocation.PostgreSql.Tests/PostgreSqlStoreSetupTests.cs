using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpdTokens.Allocation.Storage;

namespace OpdTokens.Allocation.PostgreSql.Tests;

/// <summary>Setting the store up: the schema is created once however many instances start at once, a newer schema is
/// refused, a least-privileged role runs on a migrated schema, and DI wires the store.</summary>
[Collection(SharedPostgres.Name)]
public sealed class PostgreSqlStoreSetupTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly string _schema = PostgresFixture.NewSchemaName();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => postgres.DropSchemaAsync(_schema);

    [Fact]
    public async Task Instances_starting_at_once_create_the_schema_once()
    {
        var stores = Enumerable
            .Range(0, 6)
            .Select(_ => new PostgreSqlStateStore(postgres.ConnectionString, _schema))
            .ToList();
        try
        {
            await Task.WhenAll(stores.Select(s => Task.Run(() => s.EnsureSchemaAsync())));
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }

        Assert.Equal(
            3L,
            await ScalarAsync(postgres.ConnectionString, $"SELECT count(*) FROM \"{_schema}\".schema_versions")
        );
        Assert.Equal(
            7L,
            await ScalarAsync(
                postgres.ConnectionString,
                $"SELECT count(*) FROM information_schema.tables WHERE table_schema = '{_schema}'"
            )
        );
    }

    [Fact]
    public async Task A_schema_newer_than_the_package_is_refused_with_a_clear_error()
    {
        await using (var store = new PostgreSqlStateStore(postgres.ConnectionString, _schema))
        {
            await store.EnsureSchemaAsync();
        }

        await ScalarAsync(
            postgres.ConnectionString,
            $"INSERT INTO \"{_schema}\".schema_versions (version) VALUES (99)"
        );
        await using var newer = new PostgreSqlStateStore(postgres.ConnectionString, _schema);

        var error = await Assert.ThrowsAsync<StateStoreException>(() => newer.EnsureSchemaAsync());

        Assert.Contains("version 99", error.Message, StringComparison.Ordinal);
        Assert.Contains("upgrade the package", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schema_of_version_1_gains_the_patient_columns_and_keeps_its_tokens()
    {
        PartitionKey key;
        DoctorDay before;
        await using (var store = new PostgreSqlStateStore(postgres.ConnectionString, _schema))
        {
            using var engine = new AllocationEngine(new OpdTokenAllocationOptions(), store);
            var doctor = (await engine.RegisterDoctorAsync(new RegisterDoctor("Dr Rao", "ENT"))).GetValueOrThrow();
            var slot = (
                await engine.AddSlotAsync(new AddSlot(doctor.Id, engine.Today.AddDays(1), new(9, 0), new(10, 0), 5))
            )
                .GetValueOrThrow()
                .Slot;
            await engine.AllocateAsync(
                new AllocateToken(doctor.Id, new Patient("Old"), TokenSource.WalkIn) { PreferredSlotId = slot.Id }
            );
            key = slot.Id.Partition;
            before = await engine.GetDoctorDayAsync(key);
        }

        // What version 1 of the store left behind: the same tables without the patient columns, and no outbox.
        NpgsqlConnection.ClearAllPools();
        await ScalarAsync(
            postgres.ConnectionString,
            $"""
            ALTER TABLE "{_schema}".tokens DROP COLUMN patient_date_of_birth, DROP COLUMN patient_attributes;
            DROP TABLE "{_schema}".outbox;
            DELETE FROM "{_schema}".schema_versions WHERE version >= 2;
            """
        );

        await using var upgraded = new PostgreSqlStateStore(postgres.ConnectionString, _schema);
        using var again = new AllocationEngine(new OpdTokenAllocationOptions(), upgraded);
        var kept = await upgraded.LoadPartitionAsync(key, CancellationToken.None);
        var senior = new Patient("New")
        {
            DateOfBirth = new DateOnly(1940, 5, 1),
            Attributes = PatientAttributes.Empty.With("mobility", "wheelchair"),
        };
        var added = (
            await again.AllocateAsync(new AllocateToken(key.Doctor, senior, TokenSource.WalkIn) { Date = key.Date })
        )
            .GetValueOrThrow()
            .Token;

        Assert.NotNull(kept);
        Testing.DoctorDayAssert.Equivalent(before, kept);
        await using var reader = new PostgreSqlStateStore(postgres.ConnectionString, _schema);
        var reloaded = await reader.LoadPartitionAsync(key, CancellationToken.None);
        Assert.Equal(senior, reloaded!.FindToken(added.Id)!.Patient);
        Assert.Equal(
            3,
            await ScalarAsync(postgres.ConnectionString, $"SELECT max(version) FROM \"{_schema}\".schema_versions")
        );
    }

    [Fact]
    public async Task A_role_without_create_rights_runs_on_a_migrated_schema()
    {
        var role = "app_" + Guid.NewGuid().ToString("N")[..12];
        await using (var store = new PostgreSqlStateStore(postgres.ConnectionString, _schema))
        {
            await store.EnsureSchemaAsync();
        }

        await ScalarAsync(
            postgres.ConnectionString,
            $"""
            CREATE ROLE {role} LOGIN;
            GRANT USAGE ON SCHEMA "{_schema}" TO {role};
            GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA "{_schema}" TO {role};
            """
        );
        try
        {
            var asApp = new NpgsqlConnectionStringBuilder(postgres.ConnectionString)
            {
                Username = role,
            }.ConnectionString;
            await using var store = new PostgreSqlStateStore(asApp, _schema);
            using var engine = new AllocationEngine(new OpdTokenAllocationOptions(), store);
            var doctor = (
                await engine.RegisterDoctorAsync(new RegisterDoctor("Dr. Least", "General"))
            ).GetValueOrThrow();
            var slot = (
                await engine.AddSlotAsync(new AddSlot(doctor.Id, engine.Today.AddDays(1), new(9, 0), new(10, 0), 2))
            )
                .GetValueOrThrow()
                .Slot;

            var result = await engine.AllocateAsync(
                new AllocateToken(doctor.Id, new Patient("Least"), TokenSource.WalkIn) { PreferredSlotId = slot.Id }
            );

            Assert.Equal(AllocationOutcome.Allocated, result.GetValueOrThrow().Outcome);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ScalarAsync(postgres.ConnectionString, $"DROP OWNED BY {role}; DROP ROLE {role};");
        }
    }

    [Fact]
    public async Task UsePostgreSqlStore_puts_the_engine_on_the_database()
    {
        var services = new ServiceCollection();
        services.AddOpdTokenAllocation().UsePostgreSqlStore(postgres.ConnectionString, _schema);
        await using var provider = services.BuildServiceProvider();
        var engine = provider.GetRequiredService<IAllocationEngine>();

        var doctor = (await engine.RegisterDoctorAsync(new RegisterDoctor("Dr. Wired", "General"))).GetValueOrThrow();

        Assert.IsType<PostgreSqlStateStore>(provider.GetRequiredService<IStateStore>());
        await using var fresh = new PostgreSqlStateStore(postgres.ConnectionString, _schema);
        Assert.Equal(doctor, Assert.Single(await fresh.LoadDoctorsAsync(CancellationToken.None)));
    }

    [Theory]
    [InlineData("Public")]
    [InlineData("opd-tokens")]
    [InlineData("1opd")]
    [InlineData("")]
    [InlineData("x\"; DROP TABLE y; --")]
    public void A_schema_name_that_is_not_a_plain_identifier_is_refused(string schema) =>
        Assert.Throws<ArgumentException>(() =>
            new ServiceCollection().AddOpdTokenAllocation().UsePostgreSqlStore(postgres.ConnectionString, schema)
        );

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
