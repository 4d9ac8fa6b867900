using System.Net;
using System.Text.RegularExpressions;
using OpdTokens.Allocation;

namespace OpdTokens.Samples.Api.Tests.Problems;

/// <summary>Error bodies speak the contract's names (<c>checked_in</c>), never the library's C# enum names
/// (<c>CheckedIn</c>).</summary>
public sealed partial class WireNameTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly ApiClient _api = factory.Client();

    [Fact]
    public async Task A_refused_status_change_names_the_statuses_by_their_wire_names()
    {
        var doctor = await _api.CreateDoctorAsync();
        var slot = await _api.CreateSlotAsync(doctor, "09:00", "10:00", 5);
        var token = (string)(await _api.AllocateAsync(doctor, slot, "Patient One"))["token"]!["id"]!;
        await _api.CallAsync(
            HttpMethod.Patch,
            $"/api/v1/tokens/{token}/status",
            new { status = "checked_in" },
            HttpStatusCode.OK
        );

        var problem = await _api.PostAsync($"/api/v1/tokens/{token}/no-show", null, HttpStatusCode.Conflict);

        Assert.Equal("invalid_transition", (string)problem!["code"]!);
        Assert.Equal("The token is checked_in; it cannot move to no_show.", (string)problem["detail"]!);
    }

    [Fact]
    public async Task No_error_path_puts_a_csharp_enum_name_in_a_response_body()
    {
        var bodies = new List<(string Request, string Body)>();
        async Task SendAsync(HttpMethod method, string path, object? body = null)
        {
            using var response = await _api.SendAsync(method, path, body);
            bodies.Add(($"{method} {path} -> {(int)response.StatusCode}", await response.Content.ReadAsStringAsync()));
        }

        var doctor = await _api.CreateDoctorAsync();
        var slot = await _api.CreateSlotAsync(doctor, "09:00", "10:00", 10);
        var later = await _api.CreateSlotAsync(doctor, "10:00", "11:00", 2);

        // A token in every status, then every move from it (the refused ones are the error paths).
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        statuses["allocated"] = await BookAsync(doctor, later, "P-allocated");
        await BookAsync(doctor, later, "P-allocated-2");
        statuses["waitlisted"] = await BookAsync(doctor, later, "P-waitlisted");
        foreach (
            var path in (string[][])
                [
                    ["checked_in"],
                    ["checked_in", "consulting"],
                    ["checked_in", "consulting", "completed"],
                    ["cancelled"],
                    ["no_show"],
                ]
        )
        {
            var id = await BookAsync(doctor, slot, "P-" + string.Join('-', path));
            foreach (var step in path)
            {
                await _api.CallAsync(
                    HttpMethod.Patch,
                    $"/api/v1/tokens/{id}/status",
                    new { status = step },
                    HttpStatusCode.OK
                );
            }

            statuses[path[^1]] = id;
        }

        foreach (var (_, id) in statuses)
        {
            foreach (var target in (string[])["checked_in", "consulting", "completed", "cancelled", "no_show"])
            {
                await SendAsync(HttpMethod.Patch, $"/api/v1/tokens/{id}/status", new { status = target });
            }

            await SendAsync(HttpMethod.Post, $"/api/v1/tokens/{id}/cancel");
            await SendAsync(HttpMethod.Post, $"/api/v1/tokens/{id}/no-show");
            await SendAsync(HttpMethod.Post, $"/api/v1/tokens/{id}/reallocate", new { slotId = slot });
        }

        // The other refusals: full slot, duplicate patient, reused key, shrinking, closed slot, inactive doctor, bad input.
        await SendAsync(
            HttpMethod.Post,
            "/api/v1/tokens",
            new
            {
                doctorId = doctor,
                slotId = later,
                patientName = "Full",
                source = "walk_in",
                waitlistIfFull = false,
            }
        );
        foreach (var _ in Enumerable.Range(0, 2))
        {
            await SendAsync(
                HttpMethod.Post,
                "/api/v1/tokens",
                new
                {
                    doctorId = doctor,
                    patientName = "Dup",
                    patientId = "MRN-1",
                    source = "follow_up",
                }
            );
        }

        await SendAsync(HttpMethod.Post, $"/api/v1/slots/{later}/resize", new { maxCapacity = 1 });
        await SendAsync(
            HttpMethod.Post,
            "/api/v1/tokens",
            new
            {
                doctorId = doctor,
                patientName = "X",
                source = "WalkIn",
            }
        );
        await SendAsync(HttpMethod.Get, "/api/v1/tokens?status=CheckedIn");
        await SendAsync(HttpMethod.Post, $"/api/v1/slots/{slot}/close");
        await SendAsync(
            HttpMethod.Post,
            "/api/v1/tokens",
            new
            {
                doctorId = doctor,
                slotId = slot,
                patientName = "Closed",
                source = "emergency",
            }
        );
        await SendAsync(HttpMethod.Post, $"/api/v1/doctors/{doctor}/deactivate");
        await SendAsync(
            HttpMethod.Post,
            "/api/v1/tokens",
            new
            {
                doctorId = doctor,
                patientName = "Late",
                source = "paid",
            }
        );

        Assert.Contains(bodies, b => b.Request.EndsWith("409", StringComparison.Ordinal));
        var leaks = bodies
            .Where(b =>
                b.Request.EndsWith("409", StringComparison.Ordinal)
                || b.Request.EndsWith("400", StringComparison.Ordinal)
                || b.Request.EndsWith("422", StringComparison.Ordinal)
            )
            .SelectMany(b =>
                EnumNames().Where(name => Mentions(b.Body, name)).Select(name => $"{b.Request}: {name} in {b.Body}")
            )
            .ToList();
        Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks));
        Assert.True(
            bodies.Count(b => !b.Request.EndsWith("200", StringComparison.Ordinal)) >= 30,
            "Too few error paths were swept."
        );
    }

    private async Task<string> BookAsync(string doctor, string slot, string patient)
    {
        var response = await _api.PostAsync(
            "/api/v1/tokens",
            new
            {
                doctorId = doctor,
                slotId = slot,
                patientName = patient,
                source = "walk_in",
                waitlistIfFull = true,
            },
            HttpStatusCode.Created
        );
        return (string)response!["token"]!["id"]!;
    }

    /// <summary>The C# names of every enum the library exposes on the wire.</summary>
    private static IEnumerable<string> EnumNames() =>
        new[]
        {
            typeof(TokenStatus),
            typeof(TokenSource),
            typeof(AllocationOutcome),
            typeof(AllocationErrorCode),
            typeof(MoveReason),
        }.SelectMany(Enum.GetNames);

    /// <summary>Whether <paramref name="body"/> uses <paramref name="name"/> as a C# name: a multi-word name such as
    /// <c>CheckedIn</c> anywhere, a one-word name such as <c>Cancelled</c> capitalised inside a sentence.</summary>
    private static bool Mentions(string body, string name) =>
        name.Skip(1).Any(char.IsUpper)
            ? body.Contains(name, StringComparison.Ordinal)
            : Regex.IsMatch(body, $@"[a-z0-9,;:] {name}\b", RegexOptions.CultureInvariant);
}
