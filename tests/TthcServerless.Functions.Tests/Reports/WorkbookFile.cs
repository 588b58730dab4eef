using System.IO.Compression;
using TthcServerless.Domain.Progress;
using TthcServerless.Domain.Reports;
using TthcServerless.Functions.Reports;
using TthcServerless.Domain.Tests.Reports;

namespace TthcServerless.Functions.Tests.Reports;

/// <summary>A report workbook written to a temporary file for one test (deleted with the test).</summary>
internal sealed class WorkbookFile : IDisposable
{
    /// <summary>Text that a spreadsheet would run as a formula, stored by agencies as given.</summary>
    public static readonly string[] FormulaLikeTexts = ["=cmd|' /C calc'!A0", "+84 901 234 567", "@SUM(A1)", "-5 ngày", "0123"];

    private WorkbookFile(ReportModel model, string path)
    {
        Model = model;
        Path = path;
    }

    public ReportModel Model { get; }

    public string Path { get; }

    /// <summary>The fixture's Q1/2022 report, plus one update whose texts all start like formulas.</summary>
    public static WorkbookFile Q1()
    {
        var tricky = new TaskUpdate("u-formula", ReportFixture.Plan.PlanId, "I.1", ReportFixture.Sotp, ReportFixture.Ict(2022, 3, 2), "key-1",
            TaskProgressStatus.InProgress, 50, null, new OutputDocument("=45/QĐ-UBND", null, null), FormulaLikeTexts[0], FormulaLikeTexts[1], FormulaLikeTexts[2], "2022-03");
        var inputs = ReportFixture.Inputs([.. ReportFixture.Updates, tricky]);
        return Write(PeriodicReport.Compute(inputs, ReportFixture.ReportingPeriods.FromId("2022-Q1")!, ReportFixture.Ict(2022, 3, 20)));
    }

    public static WorkbookFile Write(ReportModel model)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"tthc-report-{Guid.NewGuid():N}.xlsx");
        ReportWorkbook.Write(model, new WorkbookRun("rep-test", 1, "run-test"), path);
        return new WorkbookFile(model, path);
    }

    /// <summary>Every part of the package as text (XML parts only).</summary>
    public IReadOnlyDictionary<string, string> Parts()
    {
        using var zip = ZipFile.OpenRead(Path);
        return zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal) || e.FullName.EndsWith(".rels", StringComparison.Ordinal))
            .ToDictionary(e => e.FullName, e =>
            {
                using var reader = new StreamReader(e.Open());
                return reader.ReadToEnd();
            });
    }

    /// <summary>Deletes the file; with <c>TTHC_KEEP_WORKBOOK=dir</c> a copy stays there to look at (docs/reports.md).</summary>
    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("TTHC_KEEP_WORKBOOK") is { Length: > 0 } keep)
        {
            Directory.CreateDirectory(keep);
            File.Copy(Path, System.IO.Path.Combine(keep, $"bao-cao-{Model.Header.PlanId}-{Model.Header.Period.Id}.xlsx"), overwrite: true);
        }

        File.Delete(Path);
    }
}
