using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace OpdTokens.Samples.Api.Tests.Live;

public sealed class QueueStreamTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly ApiClient _api = factory.Client();

    [Fact]
    public async Task The_stream_sends_the_queue_on_connect_and_again_after_each_change()
    {
        var doctor = await _api.CreateDoctorAsync();
        var slot = await _api.CreateSlotAsync(doctor, "09:00", "10:00", 3);
        var first = (string)(await _api.AllocateAsync(doctor, slot, "Patient One"))["token"]!["id"]!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var stream = await QueueStream.OpenAsync(_api, slot, timeout.Token);

        var initial = await stream.NextAsync(timeout.Token);
        var paid = (string)(await _api.AllocateAsync(doctor, slot, "Patient Two", "paid"))["token"]!["id"]!;
        var afterAllocation = await stream.NextAsync(timeout.Token);
        await _api.PostAsync($"/api/v1/tokens/{first}/cancel", null, HttpStatusCode.OK);
        var afterCancel = await stream.NextAsync(timeout.Token);

        Assert.Equal([first], Ids(initial));
        Assert.Equal([paid, first], Ids(afterAllocation));
        Assert.Equal([paid], Ids(afterCancel));
        Assert.Equal((await _api.GetAsync($"/api/v1/slots/{slot}/queue"))!.ToJsonString(), afterCancel.ToJsonString());
    }

    [Fact]
    public async Task Changes_to_other_slots_of_the_day_send_nothing_new()
    {
        var doctor = await _api.CreateDoctorAsync();
        var watched = await _api.CreateSlotAsync(doctor, "09:00", "10:00", 3);
        var other = await _api.CreateSlotAsync(doctor, "10:00", "11:00", 3);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var stream = await QueueStream.OpenAsync(_api, watched, timeout.Token);
        Assert.Empty(await stream.NextAsync(timeout.Token));

        await _api.AllocateAsync(doctor, other, "Elsewhere");
        var mine = (string)(await _api.AllocateAsync(doctor, watched, "Here"))["token"]!["id"]!;

        // The first event after connecting is the change to the watched slot, not a copy of the empty queue.
        Assert.Equal([mine], Ids(await stream.NextAsync(timeout.Token)));
    }

    [Fact]
    public async Task Streams_end_when_the_host_stops()
    {
        using var host = new ApiFactory();
        using var api = host.Client();
        var doctor = await api.CreateDoctorAsync();
        var slot = await api.CreateSlotAsync(doctor, "09:00", "10:00", 3);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var stream = await QueueStream.OpenAsync(api, slot, timeout.Token);
        await stream.NextAsync(timeout.Token);

        host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        await Assert.ThrowsAsync<InvalidOperationException>(() => stream.NextAsync(timeout.Token));
    }

    private static string[] Ids(JsonArray queue) => [.. queue.Select(t => (string)t!["id"]!)];
}
