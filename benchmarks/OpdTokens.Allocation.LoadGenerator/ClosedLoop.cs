using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace OpdTokens.Allocation.LoadGenerator;

/// <summary>A closed loop: each client sends its next request as soon as the previous one has answered, for a fixed
/// time, and times each from the first byte sent to the last byte read.</summary>
/// <remarks>Closed-loop latency is what a desk waits; by Little's law the mean times the throughput equals the number
/// of clients, which the run prints as a check on its own figures.</remarks>
internal static class ClosedLoop
{
    /// <summary>Seeds the clients' choice of doctors, so runs repeat the same requests.</summary>
    private const int Seed = 20261205;

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public static async Task<LoadResult> RunAsync(
        LoadOptions options,
        TimeSpan duration,
        CancellationToken cancellation
    )
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Clients,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            UseCookies = false,
        };
        using var http = new HttpClient(handler) { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Add("X-Api-Key", options.Key);
        var counter = 0L;
        var errors = 0L;
        var latencies = new List<long>[options.Clients];
        var cpuBefore = MachineCpu.Read();
        var clock = Stopwatch.StartNew();
        async Task ClientAsync(int client)
        {
            var mine = latencies[client] = new List<long>(16_384);
            // Each request picks its doctor at random, as a hospital's desks do. A sweep over the doctors in turn (what
            // the wrk script did) lines the clients up behind whichever doctor-day is slowest at the moment, since a
            // doctor-day's commands wait for each other's commits, and measures that convoy rather than the store.
            var doctors = new Random(Seed + client);
            while (clock.Elapsed < duration && !cancellation.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref counter);
                var body = string.Create(
                    CultureInfo.InvariantCulture,
                    $$"""{"doctorId":"L{{options.FirstDoctor + doctors.Next(options.Doctors)}}","date":"{{options.Date}}","patientName":"Load {{options.Label}} {{n}}","source":"walk_in"}"""
                );
                using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
                content.Headers.ContentType = Json;
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.PostAsync("api/v1/tokens", content, cancellation)
                        .ConfigureAwait(false);
                    await response.Content.ReadAsByteArrayAsync(cancellation).ConfigureAwait(false);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    if (cancellation.IsCancellationRequested)
                    {
                        return;
                    }

                    Interlocked.Increment(ref errors);
                }

                mine.Add(Stopwatch.GetTimestamp() - started);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(c => Task.Run(() => ClientAsync(c))))
            .ConfigureAwait(false);
        var elapsed = clock.Elapsed;
        var idle = MachineCpu.IdleShare(cpuBefore, MachineCpu.Read());
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(all, Interlocked.Read(ref errors), elapsed, idle);
    }
}
