using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TthcServerless.Functions;
using TthcServerless.Functions.Hosting;

namespace TthcServerless.Samples;

/// <summary>
/// A clock that runs at real speed from a chosen instant (timers stay real, so the queue runner and group commits work
/// as in production) and can be moved forward: the sample plan's year is 2022, so its progress is reported "in" 2022.
/// </summary>
public sealed class ShiftedClock(DateTimeOffset start) : TimeProvider
{
    private TimeSpan _offset = start - System.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;

    public void MoveTo(DateTimeOffset instant) => _offset = instant - System.GetUtcNow();
}

/// <summary>One assignment of the sample plan as the API lists it.</summary>
public sealed record SampleAssignment(string TaskId, string AgencyId, DateOnly? DueDate);

/// <summary>What the sample year did, for the loader's message and the tests.</summary>
public sealed record SampleYearSummary(int Updates, int AgenciesReporting, int FeedbackCases, IReadOnlyDictionary<string, int> FinalStages);

/// <summary>
/// The synthetic year of progress and feedback for the 2022 sample plan (samples/README.md, "The sample year"), replayed
/// through the public API with the app's clock moved to each event's instant. The script is a pure function of the
/// plan's assignments, so every load of the same plan gives the same reports. Nothing here is real: the progress, the
/// cases and their senders are invented.
/// </summary>
public sealed class SampleYear(HttpClient admin, Func<string, HttpClient> clientWithKey, ShiftedClock clock)
{
    public const string PlanId = "tg-kstthc-2022";
    public const int Year = 2022;
    public const int FeedbackCases = 36;

    /// <summary>After the last event: 20/01/2023, when every 2022 window has closed.</summary>
    public static readonly DateTimeOffset YearEnd = At(new DateOnly(Year + 1, 1, 20));

    private static readonly TimeSpan Ict = TimeSpan.FromHours(7);
    private static readonly DateOnly First = new(Year, 1, 10);
    private static readonly DateOnly Last = new(Year, 12, 28);

    /// <summary>Agencies that receive PAKN cases in turn.</summary>
    private static readonly string[] CaseAgencies = ["so-tu-phap", "so-tai-nguyen-va-moi-truong", "so-ke-hoach-va-dau-tu", "so-xay-dung", "so-lao-dong-thuong-binh-va-xa-hoi", "ubnd-huyen-cai-be"];

    private readonly Dictionary<string, string> _agencyKeys = new(StringComparer.Ordinal);

    /// <summary>One thing someone does at an instant: an agency reports progress, or a case moves.</summary>
    public abstract record SampleEvent(DateTimeOffset At);

    public sealed record ProgressReport(DateTimeOffset At, SampleAssignment Assignment, object Body) : SampleEvent(At);

    /// <summary><paramref name="Move"/> is <c>submit</c> or an action path (<c>receive</c>, <c>classify</c>…); agency moves use its key.</summary>
    public sealed record CaseMove(DateTimeOffset At, int Case, string Move, object? Body, string? AgencyId) : SampleEvent(At);

    /// <summary>
    /// The settings of an app that replays the year: every timer disabled with the host's own switch (no report or
    /// reminder is made "in" 2022 meanwhile) and the queues polled often (the replay waits for each day to be stored).
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> HostSettings =>
        AppFunctions.All.OfType<TimerFunctionDefinition>().Select(t => KeyValuePair.Create($"AzureWebJobs:{t.Name}:Disabled", "true"))
            .Append(KeyValuePair.Create("AzureFunctionsJobHost:extensions:queues:maxPollingInterval", "00:00:00.100"));

    /// <summary>09:00 ICT on a day.</summary>
    public static DateTimeOffset At(DateOnly day, int hour = 9) => new(day.ToDateTime(new TimeOnly(hour, 0)), Ict);

    /// <summary>The whole year, oldest first (samples/README.md describes each rule).</summary>
    public static IReadOnlyList<SampleEvent> Script(IReadOnlyList<SampleAssignment> assignments)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        var events = new List<SampleEvent>();
        var dated = assignments.Where(a => a.DueDate is not null)
            .OrderBy(a => a.DueDate).ThenBy(a => a.TaskId, StringComparer.Ordinal).ThenBy(a => a.AgencyId, StringComparer.Ordinal).ToList();
        for (var i = 0; i < dated.Count; i++)
        {
            events.AddRange(DatedAssignment(dated[i], i));
        }

        var recurring = assignments.Where(a => a.DueDate is null)
            .OrderBy(a => a.TaskId, StringComparer.Ordinal).ThenBy(a => a.AgencyId, StringComparer.Ordinal).ToList();
        for (var j = 0; j < recurring.Count; j++)
        {
            events.AddRange(RecurringAssignment(recurring[j], j));
        }

        for (var k = 0; k < FeedbackCases; k++)
        {
            events.AddRange(Case(k));
        }

        return [.. events.OrderBy(e => e.At)];
    }

    // Six ways a dated assignment goes, in turn by due date.
    private static IEnumerable<SampleEvent> DatedAssignment(SampleAssignment a, int i)
    {
        var due = a.DueDate!.Value;
        switch (i % 6)
        {
            case 0: // never reported: not started, then overdue (the earliest-due assignment, so Q1 has one overdue)
                break;
            case 1: // completed on time, after one progress report
                yield return Progress(a, due.AddDays(-30), 40, difficulties: null, proposals: null);
                yield return Completed(a, due.AddDays(-2), i);
                break;
            case 2: // completed late, with a difficulty on the way
                yield return Progress(a, due.AddDays(-20), 60, "Chậm có ý kiến góp ý của các sở, ngành liên quan.", "Đề nghị Văn phòng UBND tỉnh đôn đốc các đơn vị góp ý đúng hạn.");
                yield return Completed(a, due.AddDays(12), i);
                break;
            case 3: // in progress and never finished: overdue once its due date passes
                yield return Progress(a, due.AddDays(-25), 30, "Thiếu nhân lực chuyên trách kiểm soát thủ tục hành chính.", "Đề nghị bổ sung biên chế cho bộ phận một cửa.");
                break;
            case 4: // completed on time in one report
                yield return Completed(a, due.AddDays(-5), i);
                break;
            default: // reported only after its due date, still in progress
                yield return Progress(a, due.AddDays(5), 70, "Phần mềm một cửa điện tử chưa kết nối được với cơ sở dữ liệu quốc gia.", null);
                break;
        }
    }

    // Monthly reports on the 8th (inside Decree 09's window of the 15th to the 14th); every fifth agency skips a month in
    // turn, so "not reported this period" occurs in every period.
    private static IEnumerable<SampleEvent> RecurringAssignment(SampleAssignment a, int j)
    {
        for (var month = 1; month <= 12; month++)
        {
            if ((j + month) % 5 == 0)
            {
                continue;
            }

            var withIssue = (j + month) % 7 == 0;
            yield return Progress(a, new DateOnly(Year, month, 8), Math.Min(100, 8 * month),
                withIssue ? "Một số hồ sơ trễ hạn do phải lấy ý kiến nhiều cơ quan." : null,
                withIssue ? "Đề nghị rà soát, đơn giản hóa thành phần hồ sơ." : null);
        }
    }

    private static ProgressReport Progress(SampleAssignment a, DateOnly on, int percent, string? difficulties, string? proposals) =>
        new(At(Clamp(on)), a, new { agencyId = a.AgencyId, status = "in-progress", progressPercent = percent, summary = "Đang triển khai theo kế hoạch.", difficulties, proposals });

    private static ProgressReport Completed(SampleAssignment a, DateOnly on, int i)
    {
        var day = Clamp(on);
        return new(At(day), a, new
        {
            agencyId = a.AgencyId,
            status = "completed",
            completedOn = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            outputDocument = new { number = $"{100 + i}/KH-{Abbreviation(a.AgencyId)}", date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
            summary = "Đã hoàn thành.",
        });
    }

    private static string Abbreviation(string agencyId) =>
        string.Concat(agencyId.Split('-').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0])));

    private static DateOnly Clamp(DateOnly day) => day < First ? First : day > Last ? Last : day;

    // Nine paths a case takes, in turn; case k is sent on 10/01 + 9k days (the last on 14/12).
    private static IEnumerable<SampleEvent> Case(int k)
    {
        var sent = First.AddDays(9 * k);
        var agency = CaseAgencies[k % CaseAgencies.Length];
        CaseMove Move(int days, string move, object? body = null, string? by = null) => new(At(sent.AddDays(days), 10), k, move, body, by);

        yield return Move(0, "submit", new
        {
            kind = k % 3 == 2 ? "kien-nghi" : "phan-anh",
            subject = $"Phản ánh mẫu số {k + 1:00} về thủ tục hành chính",
            content = "Nội dung mẫu, không có thật: cán bộ yêu cầu nộp thêm giấy tờ không có trong quy định.",
            channel = k % 2 == 0 ? "letter" : "phone",
            submitter = new { name = $"Người gửi mẫu {k + 1:00}", phone = $"0900{k + 1:000000}" },
        });
        var path = k % 9;
        if (path == 8)
        {
            yield break; // sent, never received
        }

        yield return Move(1, "receive");
        switch (path)
        {
            case 7: // received only
                yield break;
            case 2: // out of scope
                yield return Move(2, "classify", new { inScope = false, reason = "Nội dung khiếu nại, không thuộc phạm vi phản ánh, kiến nghị.", reply = "Đề nghị gửi đơn khiếu nại theo quy định của Luật Khiếu nại." });
                yield break;
            case 3: // waiting for the sender
                yield return Move(2, "request-information", new { text = "Đề nghị cung cấp số biên nhận hồ sơ." });
                yield break;
        }

        yield return Move(2, "classify", new { inScope = true, topic = k % 2 == 0 ? "regulation" : "official-conduct" });
        if (path == 6)
        {
            yield break; // classified, not given to an agency yet
        }

        yield return Move(3, "assign", new { agencyId = agency });
        if (path == 5)
        {
            yield break; // assigned, not started
        }

        yield return Move(4, "start-handling", null, agency);
        if (path == 4)
        {
            yield break; // being handled
        }

        // 0: answered in 10 days and published; 1: answered after 40 days (late) and published.
        var answeredAfter = path == 1 ? 40 : 10;
        yield return Move(answeredAfter, "answer", new { text = "Đã chỉ đạo bộ phận một cửa không yêu cầu thêm giấy tờ ngoài quy định.", documentReference = $"{200 + k}/TB-{Abbreviation(agency)}" }, agency);
        if (k % 2 == 0 || path == 1)
        {
            yield return Move(answeredAfter + 2, "publish");
        }
    }

    /// <summary>Reads the plan's assignments, replays the script and leaves the clock at <see cref="YearEnd"/>.</summary>
    public async Task<SampleYearSummary> ReplayAsync(CancellationToken cancellationToken)
    {
        var listed = await admin.GetFromJsonAsync<JsonElement>(new Uri($"/api/plans/{PlanId}/assignments", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        var assignments = (listed.ValueKind == JsonValueKind.Array ? listed : listed.GetProperty("items")).EnumerateArray()
            .Select(a => new SampleAssignment(
                a.GetProperty("taskId").GetString()!,
                a.GetProperty("agencyId").GetString()!,
                a.GetProperty("dueDate").ValueKind == JsonValueKind.String ? DateOnly.Parse(a.GetProperty("dueDate").GetString()!, CultureInfo.InvariantCulture) : null))
            .ToList();
        var script = Script(assignments);
        var codes = new Dictionary<int, string>();
        var updates = 0;
        var reporters = new HashSet<string>(StringComparer.Ordinal);
        foreach (var instant in script.GroupBy(e => e.At))
        {
            clock.MoveTo(instant.Key);
            var reports = instant.OfType<ProgressReport>().ToList();
            var accepted = new System.Collections.Concurrent.ConcurrentBag<string>();
            await Parallel.ForEachAsync(reports, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (report, ct) =>
            {
                using var response = await admin.PostAsJsonAsync(
                    new Uri($"/api/plans/{PlanId}/tasks/{Uri.EscapeDataString(report.Assignment.TaskId)}/updates", UriKind.Relative), report.Body, ct).ConfigureAwait(false);
                accepted.Add((await ReadAsync(response, HttpStatusCode.Accepted, ct).ConfigureAwait(false)).GetProperty("updateId").GetString()!);
            }).ConfigureAwait(false);
            updates += reports.Count;
            reporters.UnionWith(reports.Select(r => r.Assignment.AgencyId));

            // Stored before the clock moves on, so each update is judged in its own day (and the accepted-update sweep,
            // which re-sends updates without an outcome after two minutes, has nothing to do).
            await Parallel.ForEachAsync(accepted, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
                async (id, ct) => await WaitForAsync(admin, $"/api/updates/{id}", "state", "stored", ct).ConfigureAwait(false)).ConfigureAwait(false);

            foreach (var move in instant.OfType<CaseMove>().OrderBy(m => m.Case))
            {
                await MoveAsync(move, codes, cancellationToken).ConfigureAwait(false);
            }
        }

        clock.MoveTo(YearEnd);
        var stages = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var code in codes.Values)
        {
            var stage = (await admin.GetFromJsonAsync<JsonElement>(new Uri($"/api/feedback/{code}", UriKind.Relative), cancellationToken).ConfigureAwait(false)).GetProperty("stage").GetString()!;
            stages[stage] = stages.GetValueOrDefault(stage) + 1;
        }

        return new SampleYearSummary(updates, reporters.Count, codes.Count, stages);
    }

    private async Task MoveAsync(CaseMove move, Dictionary<int, string> codes, CancellationToken cancellationToken)
    {
        if (move.Move == "submit")
        {
            using var submitted = await admin.PostAsJsonAsync(new Uri("/api/feedback", UriKind.Relative), move.Body, cancellationToken).ConfigureAwait(false);
            var code = (await ReadAsync(submitted, HttpStatusCode.Accepted, cancellationToken).ConfigureAwait(false)).GetProperty("trackingCode").GetString()!;
            await WaitForAsync(admin, $"/api/feedback/{code}", "stage", "submitted", cancellationToken).ConfigureAwait(false);
            codes[move.Case] = code;
            return;
        }

        var client = move.AgencyId is null ? admin : await AgencyClientAsync(move.AgencyId, cancellationToken).ConfigureAwait(false);
        var route = new Uri($"/api/feedback/{codes[move.Case]}/{move.Move}", UriKind.Relative);
        using var response = move.Body is null
            ? await client.PostAsync(route, null, cancellationToken).ConfigureAwait(false)
            : await client.PostAsJsonAsync(route, move.Body, cancellationToken).ConfigureAwait(false);
        await ReadAsync(response, HttpStatusCode.OK, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpClient> AgencyClientAsync(string agencyId, CancellationToken cancellationToken)
    {
        if (!_agencyKeys.TryGetValue(agencyId, out var key))
        {
            using var issued = await admin.PostAsJsonAsync(new Uri($"/api/agencies/{agencyId}/keys", UriKind.Relative), new { label = "Dữ liệu mẫu" }, cancellationToken).ConfigureAwait(false);
            key = _agencyKeys[agencyId] = (await ReadAsync(issued, HttpStatusCode.Created, cancellationToken).ConfigureAwait(false)).GetProperty("key").GetString()!;
        }

        return clientWithKey(key);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} → {(int)response.StatusCode}, expected {(int)expected}: {text}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Polls a resource until a property reads the expected value (queue functions store asynchronously); 60 s at most.</summary>
    public static async Task WaitForAsync(HttpClient client, string path, string property, string expected, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative), cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode
                && JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).RootElement.TryGetProperty(property, out var value)
                && value.GetString() == expected)
            {
                return;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"{path} never read {property}={expected} within 60 s.");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }
}
