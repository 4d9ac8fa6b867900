using System.Globalization;
using OpdTokens.Allocation;
using OpdTokens.Allocation.Sqlite;

// Usage: OpdTokens.Allocation.Sqlite.CrashHost <database file> <yyyy-MM-dd>
// Prints "DO <token id> <status>" before a status change and "ACK <token id> <number> <status>" once a command's
// commit has returned, so the parent knows exactly which changes were acknowledged when it kills this process.
// Stops by itself after a bounded number of commands.
// Usage: ... notify <database file> <yyyy-MM-dd> <webhook url> <secret> <allocations|0>
// Runs the notification dispatcher beside the engine (see NotifyMode).
if (args.Length > 0 && args[0] == "notify")
{
    return await OpdTokens.Allocation.Sqlite.CrashHost.NotifyMode.RunAsync(args[1..]);
}

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: OpdTokens.Allocation.Sqlite.CrashHost <database file> <yyyy-MM-dd>");
    return 2;
}

var day = DateOnly.ParseExact(args[1], "yyyy-MM-dd", CultureInfo.InvariantCulture);
var store = new SqliteStateStore("Data Source=" + args[0]);
using var engine = new AllocationEngine(new OpdTokenAllocationOptions { TimeZoneId = "UTC" }, store);
var output = new object();
void Say(string line)
{
    lock (output)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }
}

var doctors = new List<DoctorId>();
for (var d = 1; d <= 4; d++)
{
    var id = new DoctorId("CRASH" + d);
    if (await engine.GetDoctorAsync(id) is null)
    {
        (
            await engine.RegisterDoctorAsync(new RegisterDoctor("Dr. Crash " + d, "General") { Id = id })
        ).GetValueOrThrow();
        for (var hour = 8; hour < 18; hour++)
        {
            (await engine.AddSlotAsync(new AddSlot(id, day, new(hour, 0), new(hour + 1, 0), 100))).GetValueOrThrow();
        }
    }

    doctors.Add(id);
}

Say("READY");
await Task.WhenAll(doctors.Select((doctor, worker) => Task.Run(() => WorkAsync(doctor, worker))));
return 0;

async Task WorkAsync(DoctorId doctor, int worker)
{
    var random = new Random(worker);
    var allocated = new List<Token>();
    var sources = Enum.GetValues<TokenSource>().Where(s => s != TokenSource.Emergency).ToArray();
    // Bounded below the 1000 seats of a doctor-day, so no token ever waits and every status change is an explicit one.
    for (var n = 0; n < 1_200; n++)
    {
        if (n % 4 == 3 && allocated.Count > 0)
        {
            var token = allocated[random.Next(allocated.Count)];
            allocated.Remove(token);
            var to = random.Next(2) == 0 ? TokenStatus.CheckedIn : TokenStatus.Cancelled;
            Say($"DO {token.Id} {to}");
            var changed = (await engine.ChangeStatusAsync(new ChangeTokenStatus(token.Id, to))).GetValueOrThrow();
            Say($"ACK {changed.Token.Id} {changed.Token.Number} {changed.Token.Status}");
        }
        else
        {
            var request = new AllocateToken(
                doctor,
                new Patient($"Patient {worker}-{n}"),
                sources[random.Next(sources.Length)]
            )
            {
                Date = day,
            };
            var result = (await engine.AllocateAsync(request)).GetValueOrThrow();
            allocated.Add(result.Token);
            Say($"ACK {result.Token.Id} {result.Token.Number} {result.Token.Status}");
        }
    }
}
