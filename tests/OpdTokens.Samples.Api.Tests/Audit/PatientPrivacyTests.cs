using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using OpdTokens.Samples.Api.Tests.Live;

namespace OpdTokens.Samples.Api.Tests.Audit;

/// <summary>A full day with names and phone numbers leaves none of them in the logs, in metric tags or in error
/// details, while the audit trail records which role did what.</summary>
public sealed class PatientPrivacyTests
{
    private static readonly (string Name, string Phone, string PatientId)[] Patients =
    [
        ("Zubin Quasar Mehta", "+91 90000 11111", "MRN-PRIV-1"),
        ("Yamini Xylo Rao", "+91 90000 22222", "MRN-PRIV-2"),
        ("Wilbur Vortex Das", "90000-33333", "MRN-PRIV-3"),
        ("Ulka Trellis Bose", "+91 90000 44444", "MRN-PRIV-4"),
    ];

    [Fact]
    public async Task A_full_scenario_logs_and_measures_no_personal_data()
    {
        using var factory = ApiFactory.With(
            new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Trace",
                ["Logging:LogLevel:Microsoft"] = "Trace",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            }
        );
        var tags = new ConcurrentQueue<string>();
        using var meters = ListenToAllTags(tags);
        using var admin = factory.Client();
        using var desk = factory.Client(ApiFactory.DeskKey);
        using var clinician = factory.Client(ApiFactory.ClinicianKey);
        using var display = factory.Client(ApiFactory.DisplayKey);
        var problems = new List<string>();

        var doctor = await admin.CreateDoctorAsync();
        var s1 = await admin.CreateSlotAsync(doctor, "09:00", "10:00", 2);
        var s2 = await admin.CreateSlotAsync(doctor, "10:00", "11:00", 2);
        var ids = new List<string>();
        foreach (var (name, phone, patientId) in Patients)
        {
            var body = new
            {
                doctorId = doctor,
                slotId = s1,
                patientName = name,
                patientPhone = phone,
                patientId,
                source = ids.Count == 2 ? "paid" : "walk_in",
            };
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tokens")
            {
                Content = JsonContent.Create(body),
            };
            request.Headers.Add("Idempotency-Key", $"privacy-{ids.Count}");
            using var created = await desk.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            ids.Add(
                (string)
                    System.Text.Json.Nodes.JsonNode.Parse(await created.Content.ReadAsStringAsync())!["token"]!["id"]!
            );
        }

        // Failures whose problem details must not echo personal data.
        problems.Add(
            (
                await desk.PostAsync(
                    "/api/v1/tokens",
                    new
                    {
                        doctorId = doctor,
                        patientName = Patients[0].Name,
                        patientPhone = "call " + Patients[0].Phone,
                        source = "walk_in",
                    },
                    HttpStatusCode.BadRequest
                )
            )!.ToJsonString()
        );
        problems.Add(
            (
                await desk.PostAsync(
                    "/api/v1/tokens",
                    new
                    {
                        doctorId = doctor,
                        patientName = Patients[1].Name + "\u0001",
                        source = "walk_in",
                    },
                    HttpStatusCode.BadRequest
                )
            )!.ToJsonString()
        );
        problems.Add(
            (
                await desk.PostAsync(
                    "/api/v1/tokens",
                    $"{{\"doctorId\":\"{doctor}\",\"patientName\":\"{Patients[2].Name}\",\"source\":\"{Patients[2].Name}\"}}",
                    HttpStatusCode.BadRequest
                )
            )!.ToJsonString()
        );
        await desk.PostAsync(
            "/api/v1/tokens",
            new
            {
                doctorId = doctor,
                patientName = Patients[3].Name,
                patientId = Patients[3].PatientId,
                source = "online",
            },
            HttpStatusCode.Conflict
        );

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using (var stream = await QueueStream.OpenAsync(display, s1, timeout.Token))
        {
            await stream.NextAsync(timeout.Token);
        }

        await display.GetAsync($"/api/v1/slots/{s1}/queue");
        await clinician.CallAsync(
            HttpMethod.Patch,
            $"/api/v1/tokens/{ids[0]}/status",
            new { status = "checked_in" },
            HttpStatusCode.OK
        );
        await desk.PostAsync($"/api/v1/tokens/{ids[1]}/cancel", null, HttpStatusCode.OK);
        await desk.PostAsync($"/api/v1/tokens/{ids[2]}/reallocate", new { slotId = s2 }, HttpStatusCode.OK);
        await clinician.PostAsync($"/api/v1/doctors/{doctor}/delay", new { minutes = 20 }, HttpStatusCode.OK);
        await admin.PostAsync($"/api/v1/slots/{s2}/close", null, HttpStatusCode.OK);
        await desk.GetAsync($"/api/v1/tokens?doctorId={doctor}");
        await desk.GetAsync($"/api/v1/analytics/doctors/{doctor}/day/{ApiFactory.Today}");
        await factory.Client(apiKey: "guessing-a-key-000000").GetAsync("/api/v1/doctors", HttpStatusCode.Unauthorized);

        var logs = factory.Logs.Lines.ToList();
        Assert.NotEmpty(logs);
        foreach (var secret in Patients.SelectMany(p => Secrets(p)))
        {
            Assert.DoesNotContain(logs, line => line.Contains(secret, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(tags, tag => tag.Contains(secret, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(problems, problem => problem.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }

        foreach (
            var key in new[]
            {
                ApiFactory.AdminKey,
                ApiFactory.DeskKey,
                ApiFactory.ClinicianKey,
                ApiFactory.DisplayKey,
                "guessing-a-key-000000",
            }
        )
        {
            Assert.DoesNotContain(logs, line => line.Contains(key, StringComparison.Ordinal));
        }

        Assert.Contains(
            logs,
            l =>
                l.Contains($"Audit TokenAllocated {doctor}/{ApiFactory.Today}", StringComparison.Ordinal)
                && l.Contains("by desk", StringComparison.Ordinal)
        );
        Assert.Contains(
            logs,
            l =>
                l.Contains("Audit TokenStatusChanged", StringComparison.Ordinal)
                && l.Contains("by clinician", StringComparison.Ordinal)
        );
        Assert.Contains(
            logs,
            l =>
                l.Contains("Audit SlotClosed", StringComparison.Ordinal)
                && l.Contains("by admin", StringComparison.Ordinal)
        );
        Assert.Contains(
            logs,
            l => l.Contains($"Audit DoctorRegistered doctor={doctor} by admin", StringComparison.Ordinal)
        );
    }

    /// <summary>The name, its parts, the phone with and without separators, the patient id.</summary>
    private static IEnumerable<string> Secrets((string Name, string Phone, string PatientId) patient)
    {
        yield return patient.Name;
        foreach (var part in patient.Name.Split(' '))
        {
            yield return part;
        }

        yield return patient.Phone;
        yield return new string([.. patient.Phone.Where(char.IsDigit)]);
        yield return patient.PatientId;
    }

    private static MeterListener ListenToAllTags(ConcurrentQueue<string> tags)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) => l.EnableMeasurementEvents(instrument),
        };
        void Record(ReadOnlySpan<KeyValuePair<string, object?>> measured)
        {
            foreach (var tag in measured)
            {
                tags.Enqueue($"{tag.Key}={tag.Value}");
            }
        }

        listener.SetMeasurementEventCallback<long>((_, _, t, _) => Record(t));
        listener.SetMeasurementEventCallback<int>((_, _, t, _) => Record(t));
        listener.SetMeasurementEventCallback<double>((_, _, t, _) => Record(t));
        listener.Start();
        return listener;
    }
}
