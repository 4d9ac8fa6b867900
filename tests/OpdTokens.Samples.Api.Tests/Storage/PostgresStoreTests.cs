using System.Globalization;
using System.Net;

namespace OpdTokens.Samples.Api.Tests.Storage;

/// <summary>The sample as a real process on <c>--store postgres</c>, killed and started again on the same
/// database.</summary>
public sealed class PostgresStoreTests(SamplePostgres postgres) : IClassFixture<SamplePostgres>, IAsyncLifetime
{
    private readonly DirectoryInfo _contentRoot = Directory.CreateTempSubdirectory("opdtokens-pg-sample-");
    private string? _database;

    public async Task InitializeAsync() => _database = await postgres.CreateDatabaseAsync();

    [Fact]
    public async Task A_token_booked_on_postgres_is_there_with_its_status_after_the_process_is_killed_and_started_again()
    {
        var date = DateOnly
            .FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime)
            .AddDays(1)
            .ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var settings = new Dictionary<string, string> { ["ConnectionStrings__OpdTokens"] = _database! };
        string doctor;
        string id;
        string number;

        await using (var first = await SampleProcess.StartAsync(_contentRoot.FullName, settings, "--store", "postgres"))
        {
            using var api = first.Client();
            doctor = await api.CreateDoctorAsync();
            var slot = await api.CreateSlotAsync(doctor, "09:00", "10:00", 4, date);
            var token = (
                await api.PostAsync(
                    "/api/v1/tokens",
                    new
                    {
                        doctorId = doctor,
                        slotId = slot,
                        patientName = "Asha Kumar",
                        source = "online",
                    },
                    HttpStatusCode.Created
                )
            )!["token"]!;
            id = (string)token["id"]!;
            number = (string)token["tokenNumber"]!;
            await api.CallAsync(
                HttpMethod.Patch,
                $"/api/v1/tokens/{id}/status",
                new { status = "checked_in" },
                HttpStatusCode.OK
            );

            await first.KillAsync();
        }

        await using (
            var second = await SampleProcess.StartAsync(_contentRoot.FullName, settings, "--store", "postgres")
        )
        {
            using var api = second.Client();
            var token = (await api.GetAsync($"/api/v1/tokens/number/{number}"))!;
            Assert.Equal(id, (string)token["id"]!);
            Assert.Equal("checked_in", (string)token["status"]!);
            Assert.Equal("Asha Kumar", (string)token["patientName"]!);
            Assert.Equal(doctor, (string)(await api.GetAsync($"/api/v1/doctors/{doctor}"))!["id"]!);

            var next = (
                await api.PostAsync(
                    "/api/v1/tokens",
                    new
                    {
                        doctorId = doctor,
                        date,
                        patientName = "Ravi Menon",
                        source = "walk_in",
                    },
                    HttpStatusCode.Created
                )
            )!["token"]!;
            Assert.Equal(2, (int)next["sequenceNumber"]!);
            Assert.Equal(
                1,
                (int)
                    (await api.GetAsync($"/api/v1/tokens?doctorId={doctor}&date={date}&status=allocated"))!
                        .AsArray()
                        .Count
            );
        }
    }

    public async Task DisposeAsync()
    {
        _contentRoot.Delete(recursive: true);
        if (_database is not null)
        {
            await postgres.DropDatabaseAsync(_database);
        }
    }
}
