using System.Collections.Immutable;
using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpdTokens.Allocation;
using OpdTokens.Allocation.Storage;

namespace OpdTokens.Samples.Api.Tests.Problems;

public sealed class UnexpectedErrorTests
{
    private const string Secret = "connection-string-password-hunter2";

    [Fact]
    public async Task An_unexpected_failure_is_a_500_problem_that_reveals_nothing()
    {
        using var factory = new ApiFactory();
        using var failing = factory.WithWebHostBuilder(host =>
            host.ConfigureTestServices(services =>
            {
                services.RemoveAll<IStateStore>();
                services.AddSingleton<IStateStore, FailingStore>();
            })
        );
        using var http = failing.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.AdminKey);
        using var api = new ApiClient(http);
        var doctor = await api.CreateDoctorAsync();

        using var response = await api.SendAsync(
            HttpMethod.Post,
            "/api/v1/slots",
            new
            {
                doctorId = doctor,
                date = ApiFactory.Today,
                startTime = "09:00",
                endTime = "10:00",
                maxCapacity = 2,
            }
        );

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"code\":\"internal_error\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);
        Assert.DoesNotContain(factory.Logs.Lines, line => line.Contains(Secret, StringComparison.Ordinal));
        Assert.Contains(
            factory.Logs.Lines,
            line => line.Contains("Unexpected System.InvalidOperationException", StringComparison.Ordinal)
        );
    }

    /// <summary>Keeps doctors but fails every doctor-day commit, as a broken database would.</summary>
    private sealed class FailingStore : IStateStore
    {
        private readonly InMemoryStateStore _inner = new();

        public ValueTask<DoctorDay?> LoadPartitionAsync(PartitionKey partition, CancellationToken cancellationToken) =>
            _inner.LoadPartitionAsync(partition, cancellationToken);

        public ValueTask CommitAsync(PartitionChange change, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"Cannot reach the database ({Secret}).");

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
