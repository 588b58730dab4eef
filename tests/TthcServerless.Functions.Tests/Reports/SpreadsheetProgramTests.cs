using System.Diagnostics;
using System.Text.Json;

namespace TthcServerless.Functions.Tests.Reports;

/// <summary>
/// The workbook opened by real spreadsheet software: LibreOffice Calc (headless) re-saves it, and openpyxl reads the
/// tables from the original and the values from LibreOffice's copy. Both tools come from
/// <c>scripts/install-test-tools.sh</c> (scripts/test.sh runs it); without them these tests fail, never skip.
/// </summary>
public sealed class SpreadsheetProgramTests : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly WorkbookFile _file = WorkbookFile.Q1();
    private readonly string _work = Directory.CreateTempSubdirectory("tthc-soffice-").FullName;

    public void Dispose()
    {
        _file.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task LibreOffice_opens_the_workbook_and_openpyxl_reads_the_tables_and_the_values_the_model_has()
    {
        var converted = await ConvertAsync();

        using var read = JsonDocument.Parse(await RunAsync(Python, [Path.Combine(AppContext.BaseDirectory, "Reports", "read_workbook.py"), _file.Path, converted]));
        var root = read.RootElement;

        Assert.Equal("Thông tin", root.GetProperty("sheets")[0].GetString());
        var tables = root.GetProperty("tables");
        Assert.Equal(23, tables.EnumerateObject().Count());
        Assert.Equal("Tổng quan", tables.GetProperty("Kpi").GetProperty("sheet").GetString());
        Assert.Equal("TableStyleLight9", tables.GetProperty("FactAssignment").GetProperty("style").GetString());
        Assert.Equal(["DenNgay", "KyBaoCao", "TuNgay"], root.GetProperty("names").EnumerateArray().Select(n => n.GetString()));
        Assert.Contains("'Quá hạn'!A1", root.GetProperty("links").EnumerateArray().Select(n => n.GetString()));
        var kpis = root.GetProperty("kpis");
        Assert.All(_file.Model.Kpis, k =>
        {
            var value = kpis.GetProperty(k.KpiKey);
            if (k.ThisPeriod is { } expected)
            {
                Assert.Equal(expected, value.GetDouble(), 9);
            }
            else
            {
                Assert.Equal(JsonValueKind.Null, value.ValueKind);
            }
        });
    }

    private async Task<string> ConvertAsync()
    {
        var output = Path.Combine(_work, "out");
        // A profile of its own: a second soffice with the user's profile would hand the job to the first and exit.
        await RunAsync("soffice", ["-env:UserInstallation=file://" + Path.Combine(_work, "profile"), "--headless", "--norestore", "--convert-to", "xlsx", "--outdir", output, _file.Path]);
        var converted = Path.Combine(output, Path.GetFileName(_file.Path));
        Assert.True(File.Exists(converted), "LibreOffice wrote no file.");
        return converted;
    }

    private static async Task<string> RunAsync(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"{program} is not installed: run scripts/install-test-tools.sh (scripts/test.sh does).", ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(process.ExitCode == 0, $"{program} exited {process.ExitCode}: {await stderr}");
            return await stdout;
        }
    }
}
