using System.Collections.Immutable;
using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpdTokens.Allocation;
using OpdTokens.Allocation.Storage;

namespace OpdTokens.Samples.Api.Tests.Problems;

public sealed class StoreUnavailableTests
{
    private const string Secret = "Host=db.internal;Password=hunter2";

    [Fact]
    public async Task A_store_failure_is_a_503_store_unavailable_with_retry_after_that_reveals_nothing_and_changes_nothing()
    {
        var store = new SwitchableStore();
        using var factory = new ApiFactory();
        using var host = factory.WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<IStateStore>();
                services.AddSingleton<IStateStore>(store);
            })
        );
        using var http = host.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.AdminKey);
        using var api = new ApiClient(http);
        var doctor = await api.CreateDoctorAsync();
        var slot = await api.CreateSlotAsync(doctor, "09:00", "10:00", 2);
        var booking = new
        {
            doctorId = doctor,
            slotId = slot,
            patientName = "Kavya Nair",
            source = "walk_in",
        };

        store.Failing = true;
        using var failed = await api.SendAsync(HttpMethod.Post, "/api/v1/tokens", booking);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal("application/problem+json", failed.Content.Headers.ContentType!.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(5), failed.Headers.RetryAfter?.Delta);
        var text = await failed.Content.ReadAsStringAsync();
        Assert.Contains("\"code\":\"store_unavailable\"", text, StringComparison.Ordinal);
        foreach (var leak in (string[])[Secret, "StateStoreException", "TimeoutException", "Could not commit"])
        {
            Assert.DoesNotContain(leak, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(factory.Logs.Lines, line => line.Contains(Secret, StringComparison.Ordinal));
        Assert.Contains(
            factory.Logs.Lines,
            line => line.Contains("The state store failed with System.TimeoutException", StringComparison.Ordinal)
        );

        store.Failing = false;
        Assert.Empty((await api.GetAsync($"/api/v1/tokens?doctorId={doctor}"))!.AsArray());
        var token = (await api.AllocateAsync(doctor, slot, "Kavya Nair"))["token"]!;
        Assert.Equal(1, (int)token["sequenceNumber"]!);
        Assert.Equal(1, (int)(await api.GetAsync($"/api/v1/slots/{slot}"))!["currentCount"]!);
    }

    /// <summary>An in-memory store whose doctor-day commits fail, as an unreachable database's would, while
    /// <see cref="Failing"/> is set.</summary>
    private sealed class SwitchableStore : IStateStore
    {
        private readonly InMemoryStateStore _inner = new();

        public bool Failing { get; set; }

        public ValueTask<DoctorDay?> LoadPartitionAsync(PartitionKey partition, CancellationToken cancellationToken) =>
            _inner.LoadPartitionAsync(partition, cancellationToken);

        public ValueTask CommitAsync(PartitionChange change, CancellationToken cancellationToken) =>
            Failing
                ? throw new StateStoreException(
                    change.Partition,
                    "Could not commit the doctor-day.",
                    new TimeoutException($"No answer from {Secret}.")
                )
                : _inner.CommitAsync(change, cancellationToken);

        public ValueTask<ImmutableArray<PartitionKey>> ListPartitionsAsync(
            DateOnly? onDate,
            CancellationToken cancellationToken
        ) => _inner.ListPartitionsAsync(onDate, cancellationToken);

        public ValueTask<ImmutableArray<Doctor>> LoadDoctorsAsync(CancellationToken cancellationToken) =>
            _inner.LoadDoctorsAsync(cancellationToken);

        public ValueTask SaveDoctorAsync(Doctor doctor, bool isNew, CancellationToken cancellationToken) =>
            _inner.SaveDoctorAsync(doctor, isNew, cancellationToken);
    }
}
