using System.Text.Json;

namespace TthcServerless.Bench;

/// <summary>
/// <c>dotnet run -c Release --project bench/TthcServerless.Bench -- task-updates [--clients 200] [--updates 20000] [--rate 0] [--accept-only] [--storage &lt;connection string&gt;]</c>
/// <c>dotnet run -c Release --project bench/TthcServerless.Bench -- cold-start [--runs 5] [--package artifacts/package]</c>
/// <c>dotnet run -c Release --project bench/TthcServerless.Bench -- plan-text [--runs 5]</c>
/// <c>dotnet run -c Release --project bench/TthcServerless.Bench -- reminder-digests [--agencies 300] [--assignments 6000] [--cases 10000] [--days 22]</c>
/// <c>dotnet run -c Release --project bench/TthcServerless.Bench -- reminder-run [--agencies 300] [--assignments 6000] [--cases 10000] [--runs 3]</c>
/// <c>dotnet run -c Release --project bench/TthcServerless.Bench -- report-run [--agencies 300] [--recurring-tasks 20] [--dated-tasks 400] [--updates 70000] [--cases 10000] [--runs 3]</c>
/// Prints one JSON document to stdout; progress goes to stderr.
/// </summary>
internal static class BenchEntry
{
    private static readonly JsonSerializerOptions Output = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> Main(string[] args)
    {
        var scenario = args.FirstOrDefault() ?? "task-updates";
        int Option(string name, int fallback) =>
            Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
        string? Text(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

        object result = scenario switch
        {
            "task-updates" => await TaskUpdateBurst.RunAsync(Option("--clients", 200), Option("--updates", 20_000), Text("--storage"), Option("--rate", 0), ingest: !args.Contains("--accept-only")),
            "cold-start" => await ColdStart.RunAsync(Option("--runs", 5), Text("--package")),
            "plan-text" => PlanTextReading.Run(Option("--runs", 5)),
            "reminder-digests" => ReminderDigests.Run(Option("--agencies", 300), Option("--assignments", 6000), Option("--cases", 10_000), Option("--days", 22)),
            "reminder-run" => await ReminderRunBench.RunAsync(Option("--agencies", 300), Option("--assignments", 6000), Option("--cases", 10_000), Math.Clamp(Option("--runs", 3), 1, 6)),
            "report-run" => await ReportRun.RunAsync(Option("--agencies", 300), Option("--recurring-tasks", 20), Option("--dated-tasks", 400), Option("--updates", 70_000), Option("--cases", 10_000), Option("--runs", 3)),
            _ => throw new ArgumentException($"Unknown scenario '{scenario}': use task-updates, cold-start, plan-text, reminder-digests, reminder-run or report-run."),
        };

        Console.WriteLine(JsonSerializer.Serialize(result, Output));
        return 0;
    }
}
