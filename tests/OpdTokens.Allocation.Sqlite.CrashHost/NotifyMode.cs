using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OpdTokens.Allocation.Sqlite.CrashHost;

/// <summary>The notification crash mode: an engine on the SQLite file with the outbox dispatcher delivering to a
/// webhook, allocating for consenting patients and printing "ACK {token id}" after each commit, until killed; with
/// 0 allocations it only delivers what the outbox holds.</summary>
internal static class NotifyMode
{
    public static async Task<int> RunAsync(string[] args)
    {
        var day = DateOnly.ParseExact(args[1], "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var allocations = int.Parse(args[4], CultureInfo.InvariantCulture);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder
            .Services.AddOpdTokenAllocation(o => o.TimeZoneId = "UTC")
            .UseSqliteStore("Data Source=" + args[0])
            .AddNotifications(o =>
            {
                o.RetryBaseDelay = TimeSpan.FromMilliseconds(50);
                o.RetryMaxDelay = TimeSpan.FromMilliseconds(500);
                o.AttemptTimeout = TimeSpan.FromSeconds(1);
                o.LeaseDuration = TimeSpan.FromSeconds(2);
                o.PollInterval = TimeSpan.FromMilliseconds(50);
                o.MaxAttempts = 100;
                o.DeliveredRetention = TimeSpan.FromDays(30);
            })
            .AddWebhookChannel(o =>
            {
                o.Url = new Uri(args[2]);
                o.Secret = args[3];
            });
        using var host = builder.Build();
        await host.StartAsync();
        var engine = host.Services.GetRequiredService<IAllocationEngine>();
        var consent = PatientAttributes.Create([new("notify", "yes"), new("lang", "en")]);
        var doctors = new List<DoctorId>();
        for (var d = 1; d <= 2; d++)
        {
            var id = new DoctorId("NOTE" + d);
            if (await engine.GetDoctorAsync(id) is null)
            {
                (
                    await engine.RegisterDoctorAsync(new RegisterDoctor("Dr. Note " + d, "General") { Id = id })
                ).GetValueOrThrow();
                for (var hour = 8; hour < 20; hour++)
                {
                    (
                        await engine.AddSlotAsync(new AddSlot(id, day, new(hour, 0), new(hour + 1, 0), 1000))
                    ).GetValueOrThrow();
                }
            }

            doctors.Add(id);
        }

        Console.Out.WriteLine("READY");
        Console.Out.Flush();
        await Task.WhenAll(
            doctors.Select(doctor =>
                Task.Run(async () =>
                {
                    for (var n = 0; n < allocations; n++)
                    {
                        var request = new AllocateToken(
                            doctor,
                            new Patient(
                                "Patient " + n,
                                "+91 98450 " + (10000 + n).ToString(CultureInfo.InvariantCulture)
                            )
                            {
                                Attributes = consent,
                            },
                            TokenSource.WalkIn
                        )
                        {
                            Date = day,
                        };
                        var token = (await engine.AllocateAsync(request)).GetValueOrThrow().Token;
                        // Paced, so deliveries run while commits go on and a kill can fall anywhere between them.
                        await Task.Delay(2);
                        lock (doctors)
                        {
                            Console.Out.WriteLine("ACK " + token.Id);
                            Console.Out.Flush();
                        }
                    }
                })
            )
        );

        // Delivering goes on until the parent kills or stops the process.
        await Task.Delay(Timeout.InfiniteTimeSpan);
        return 0;
    }
}
