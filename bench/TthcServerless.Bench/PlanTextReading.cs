using System.Diagnostics;
using System.Globalization;
using System.Text;
using TthcServerless.Domain.Plans;

namespace TthcServerless.Bench;

/// <summary>
/// How long the plan text reader takes on the layouts it reads, at the sizes the import allows (10 MiB), including
/// worst cases for the one-cell-per-line header search (a page of bars and one-letter cells, no header). The target is
/// that every case stays linear: a 10 MiB document read (or refused) in well under the import's request time.
/// </summary>
internal static class PlanTextReading
{
    public static object Run(int runs)
    {
        var cases = new (string Name, string Text)[]
        {
            ("one-cell-per-line, 2000 tasks", OneCellPerLine(2000)),
            ("pipe table, 2000 tasks", PipeTable(2000)),
            ("page of bars and one-letter cells, 10 MiB, no header", Repeat("|\nx\n", 10 * 1024 * 1024 / 4)),
            ("page of bars only, 10 MiB", Repeat("|\n", 10 * 1024 * 1024 / 2)),
            ("dots every other line after a pipe header, 10 MiB", "| STT | Nội dung | Cơ quan chủ trì | Thời gian |\n|---|---|---|---|\n" + Repeat("| 1 | x | y | z |\n...\n", 10 * 1024 * 1024 / 22)),
        };

        return cases.Select(c =>
        {
            var times = new List<double>();
            string outcome = "";
            for (var run = 0; run < runs; run++)
            {
                var watch = Stopwatch.StartNew();
                try
                {
                    var draft = PlanTableInterpreter.Interpret(PlanTextReader.Read(c.Text));
                    outcome = $"{draft.Tasks.Count} tasks, {draft.Warnings.Count} warnings";
                }
                catch (PlanFormatException ex)
                {
                    outcome = "refused: " + (ex.Message.Length > 80 ? ex.Message[..80] + "…" : ex.Message);
                }

                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            return new { scenario = c.Name, bytes = Encoding.UTF8.GetByteCount(c.Text), runs, medianMs = times[times.Count / 2], maxMs = times[^1], outcome };
        }).ToList();
    }

    private static string Repeat(string piece, int times) => new StringBuilder(piece.Length * times).Insert(0, piece, times).ToString();

    private static string OneCellPerLine(int tasks)
    {
        var text = new StringBuilder("|\nSTT\n|\nNội dung\n|\nCơ quan chủ trì\n|\nThời gian thực hiện\n|\n");
        for (var i = 1; i <= tasks; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"|\n{i}\n|\nViệc số {i}\nxuống dòng\n|\nSở Tư pháp\n|\nQuý I/2025\n|\n");
        }

        return text.ToString();
    }

    private static string PipeTable(int tasks)
    {
        var text = new StringBuilder("| STT | Nội dung | Cơ quan chủ trì | Thời gian thực hiện |\n|---|---|---|---|\n");
        for (var i = 1; i <= tasks; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {i} | **Việc số {i}** | Sở Tư pháp | Quý I/2025 |\n");
        }

        return text.ToString();
    }
}
