using System.Xml;
using System.Xml.Linq;
using OpdTokens.Samples.Console.Estimates;
using OpdTokens.Samples.Console.Simulation;

namespace OpdTokens.Samples.Console.Tests.Estimates;

public sealed class EstimateReportTests
{
    [Theory]
    [InlineData(new[] { "--estimates=yes" }, "--estimates")]
    [InlineData(new[] { "--html" }, "--html")]
    [InlineData(new[] { "--html", "--json" }, "--html")]
    [InlineData(new[] { "--html=" }, "--html")]
    public async Task Bad_report_options_exit_with_2_and_name_the_option(string[] args, string named)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await ConsoleApp.RunAsync(args, output, error);

        Assert.Equal(ConsoleApp.UsageError, exitCode);
        Assert.Contains(named, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html_option_writes_one_well_formed_file_with_the_charts_and_no_external_address()
    {
        var path = Path.Combine(Path.GetTempPath(), $"opd-day-{Guid.NewGuid():N}.html");
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();

            var exitCode = await ConsoleApp.RunAsync(["--doctors", "2", "--html", path], output, error);

            Assert.Equal(ConsoleApp.Success, exitCode);
            Assert.Contains(path, output.ToString(), StringComparison.Ordinal);
            var html = await File.ReadAllTextAsync(path);
            var document = Parse(html);
            var svgs = document.Descendants("svg").Where(s => s.Attribute("role")?.Value == "img").ToList();
            // Per doctor: utilisation, queue over the day, estimate against actual.
            Assert.Equal(6, svgs.Count);
            Assert.All(svgs, s => Assert.False(string.IsNullOrWhiteSpace(s.Attribute("aria-label")?.Value)));
            Assert.True(document.Descendants("rect").Count(r => r.Attribute("class")?.Value == "bar") >= 14);
            Assert.Equal(4, document.Descendants("polyline").Count());
            Assert.True(document.Descendants("circle").Count(c => c.Attribute("class")?.Value == "learned") > 100);
            Assert.Contains("@media print", html, StringComparison.Ordinal);
            Assert.DoesNotContain("http:", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("https:", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Changes that moved tokens", html, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Learned_estimates_halve_the_slot_formula_error_and_are_never_in_the_past()
    {
        var study = await EstimateStudy.RunAsync(new ScenarioSettings(), seeds: 2);

        Assert.Equal(2, study.Runs.Length);
        var day = study.Pooled.Single(r => r.Scope == "day");
        Assert.True(day.Learned.Patients > 700, $"{day.Learned.Patients} patients");
        Assert.True(day.MaeRatio <= 0.55, $"learned/formula MAE {day.MaeRatio}");
        Assert.All(
            study.Runs.SelectMany(r => r.Comparisons).Concat(study.Pooled),
            row =>
            {
                Assert.Equal(0, row.SlotFormula.EstimatesInThePast);
                Assert.Equal(0, row.Learned.EstimatesInThePast);
                Assert.Equal(row.SlotFormula.Patients, row.Learned.Patients);
            }
        );

        // The late doctor's patients split at the report. Before it nobody had seen the doctor work, so the learned
        // estimator gave the slot formula's estimate: the error of that group is the same for both.
        var late = study.Pooled.Single(r => r.Scope == "D1");
        var known = study.Pooled.Single(r => r.Scope == "D1+");
        var unknown = study.Pooled.Single(r => r.Scope == "D1-");
        Assert.Equal(late.Learned.Patients, known.Learned.Patients + unknown.Learned.Patients);
        Assert.True(unknown.Learned.Patients > 0, "nobody checked in before the delay was reported");
        Assert.Equal(unknown.SlotFormula, unknown.Learned);
        using var text = new StringWriter();
        study.Write(text);
        Assert.Contains("formula MAE", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("all", text.ToString(), StringComparison.Ordinal);
    }

    private static XDocument Parse(string html)
    {
        using var reader = XmlReader.Create(
            new StringReader(html),
            new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore }
        );
        return XDocument.Load(reader);
    }
}
