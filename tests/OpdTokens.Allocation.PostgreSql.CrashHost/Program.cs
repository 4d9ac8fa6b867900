using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpdTokens.Allocation;

// Usage: OpdTokens.Allocation.PostgreSql.CrashHost <connection string> <schema> <yyyy-MM-dd> <webhook url> <secret>
//            <instance id> <doctor id>[,<doctor id>...]
// An app instance on a PostgreSQL schema another instance shares: the outbox dispatcher leases under <instance id> and
// delivers to the webhook, while the instance allocates for consenting patients of the given doctors (registered by
// the test) and cancels some, printing "ACK <token id>" after each commit, until the test kills it. Short leases
// (4 s) keep the test's wait for a take-over short. It ends by itself after two minutes, should the test die first.
if (args.Length != 7)
{
    Console.Error.WriteLine(
        "usage: OpdTokens.Allocation.PostgreSql.CrashHost <connection string> <schema> <yyyy-MM-dd> <webhook url> "
            + "<secret> <instance id> <doctor ids>"
    );
    return 2;
}

var day = DateOnly.ParseExact(args[2], "yyyy-MM-dd", CultureInfo.InvariantCulture);
var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder
    .Services.AddOpdTokenAllocation(o => o.TimeZoneId = "UTC")
    .UsePostgreSqlStore(args[0], args[1])
    .AddNotifications(o =>
    {
        o.InstanceId = args[5];
        o.LeaseDuration = TimeSpan.FromSeconds(4);
        o.AttemptTimeout = TimeSpan.FromSeconds(2);
        o.PollInterval = TimeSpan.FromMilliseconds(50);
        o.RetryBaseDelay = TimeSpan.FromMilliseconds(50);
        o.RetryMaxDelay = TimeSpan.FromMilliseconds(500);
        o.MaxAttempts = 100;
    })
    .AddWebhookChannel(o =>
    {
        o.Url = new Uri(args[3]);
        o.Secret = args[4];
    });
using var host = builder.Build();
await host.StartAsync();
var engine = host.Services.GetRequiredService<IAllocationEngine>();
var doctors = args[6].Split(',').Select(d => new DoctorId(d)).ToList();
var consent = PatientAttributes.Create([new("notify", "yes"), new("lang", "en")]);
var output = new object();
void Say(string line)
{
    lock (output)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }
}

using var watchdog = new CancellationTokenSource(TimeSpan.FromMinutes(2));
Say("READY");
try
{
    await Task.WhenAll(doctors.Select((doctor, worker) => Task.Run(() => WorkAsync(doctor, worker))));
}
catch (OperationCanceledException) when (watchdog.IsCancellationRequested)
{
    // Nobody killed it: end rather than outlive the test.
}

return 0;

async Task WorkAsync(DoctorId doctor, int worker)
{
    var random = new Random(worker);
    var mine = new List<TokenId>();
    for (var n = 0; !watchdog.IsCancellationRequested; n++)
    {
        if (n % 4 == 3 && mine.Count > 0)
        {
            var token = mine[random.Next(mine.Count)];
            mine.Remove(token);
            var cancelled = await engine.ChangeStatusAsync(new ChangeTokenStatus(token, TokenStatus.Cancelled));
            if (cancelled.IsSuccess)
            {
                Say("ACK " + token);
            }
        }
        else
        {
            var request = new AllocateToken(
                doctor,
                new Patient(
                    $"Patient {worker}-{n}",
                    "+91 98450 " + (10000 + n % 90000).ToString(CultureInfo.InvariantCulture)
                )
                {
                    Attributes = consent,
                },
                TokenSource.WalkIn
            )
            {
                Date = day,
            };
            // The other instance books the same doctor-days: a command that still conflicts after the engine's
            // retries is refused, commits nothing and notifies nobody; the next one goes on.
            var result = await engine.AllocateAsync(request);
            if (result.IsSuccess)
            {
                mine.Add(result.Value.Token.Id);
                Say("ACK " + result.Value.Token.Id);
            }
        }

        // Paced, so deliveries run while commits go on.
        await Task.Delay(5, watchdog.Token);
    }
}
