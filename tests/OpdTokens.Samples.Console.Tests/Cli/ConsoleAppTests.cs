using System.Text.Json;

namespace OpdTokens.Samples.Console.Tests.Cli;

public sealed class ConsoleAppTests
{
    [Theory]
    [InlineData(new[] { "--doctors" }, "--doctors")]
    [InlineData(new[] { "--doctors", "0" }, "--doctors")]
    [InlineData(new[] { "--doctors", "101" }, "--doctors")]
    [InlineData(new[] { "--doctors", "three" }, "--doctors")]
    [InlineData(new[] { "--seed", "1.5" }, "--seed")]
    [InlineData(new[] { "--seed", "--json" }, "--seed")]
    [InlineData(new[] { "--policy", "fifo" }, "--policy")]
    [InlineData(new[] { "--policy=" }, "--policy")]
    [InlineData(new[] { "--json=yes" }, "--json")]
    [InlineData(new[] { "--verbose" }, "--verbose")]
    [InlineData(new[] { "tiered" }, "tiered")]
    public async Task Bad_options_exit_with_2_and_name_the_option(string[] args, string named)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await ConsoleApp.RunAsync(args, output, error);

        Assert.Equal(ConsoleApp.UsageError, exitCode);
        Assert.Equal(2, exitCode);
        Assert.Contains(named, error.ToString(), StringComparison.Ordinal);
        Assert.Contains("--help", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }

    [Fact]
    public async Task Help_prints_the_options_and_exits_with_0()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await ConsoleApp.RunAsync(["--help"], output, error);

        Assert.Equal(0, exitCode);
        foreach (var option in new[] { "--doctors", "--seed", "--policy", "--json" })
        {
            Assert.Contains(option, output.ToString(), StringComparison.Ordinal);
        }

        Assert.Empty(error.ToString());
    }

    [Fact]
    public async Task Json_option_prints_the_report_as_json_with_the_chosen_settings()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await ConsoleApp.RunAsync(
            ["--doctors=4", "--seed", "-3", "--policy", "weighted", "--json"],
            output,
            error
        );

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(output.ToString());
        var root = json.RootElement;
        Assert.Equal("weighted", root.GetProperty("policy").GetString());
        Assert.Equal(-3, root.GetProperty("seed").GetInt32());
        Assert.Equal(4, root.GetProperty("doctors").GetArrayLength());
        Assert.Equal(640, root.GetProperty("seats").GetInt32());
        Assert.Equal(704, root.GetProperty("requests").GetInt32());
        Assert.Equal("D1", root.GetProperty("doctors")[0].GetProperty("id").GetString());
        Assert.True(root.GetProperty("invariants").GetProperty("all_hold").GetBoolean());
        Assert.All(
            root.GetProperty("invariants").GetProperty("results").EnumerateArray(),
            r => Assert.True(r.GetProperty("holds").GetBoolean())
        );
        Assert.Equal(
            root.GetProperty("requests").GetInt32(),
            root.GetProperty("requests_by_source").EnumerateObject().Sum(p => p.Value.GetInt32())
        );
    }

    [Fact]
    public async Task Text_report_lists_every_doctor_and_every_invariant()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await ConsoleApp.RunAsync([], output, error);

        Assert.Equal(0, exitCode);
        var text = output.ToString();
        Assert.Contains("480 seats", text, StringComparison.Ordinal);
        foreach (var doctor in new[] { "(D1,", "(D2,", "(D3," })
        {
            Assert.Contains(doctor, text, StringComparison.Ordinal);
        }

        for (var invariant = 1; invariant <= 6; invariant++)
        {
            Assert.Contains($"[ok] {invariant} ", text, StringComparison.Ordinal);
        }

        Assert.Contains("Result: all 6 invariants hold.", text, StringComparison.Ordinal);
    }
}
