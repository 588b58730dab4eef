using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using TthcServerless.Functions.Tests.Feedback;
using TthcServerless.Functions.Tests.Infrastructure;
using TthcServerless.Functions.Tests.Updates;

namespace TthcServerless.Functions.Tests.Hardening;

/// <summary>
/// What a hostile or careless client sends, across every write endpoint and query parameter: each request is answered
/// 4xx problem+json, none 5xx, and storage (every table row, queue message and blob of the app) is the same afterwards.
/// The classes of issue 11 are here — non-ASCII digits, duplicate properties, whitespace around identifiers and
/// enumerations, duplicate agencies, limits on every format, forged continuation tokens — with the usual malformed JSON.
/// </summary>
public sealed class BadInputCorpusTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Plan = SampleData.PlanId;
    private const string Own = UpdatesFixture.Justice;
    private readonly TestApp _app = UpdatesFixture.FastQueues(new TestApp(azurite.ConnectionString))
        .WithSetting("Tthc:Feedback:RateLimit:SubmitPermitLimit", "100000")
        .WithSetting("Tthc:Feedback:RateLimit:TrackPermitLimit", "100000")
        .WithKestrel();

    private readonly Dictionary<Who, string?> _keys = [];
    private string _caseCode = string.Empty;
    private string _receivedCode = string.Empty;
    private string _classifiedCode = string.Empty;
    private string _historyToken = string.Empty;
    private string _feedbackToken = string.Empty;

    public enum Who
    {
        Admin,
        Agency,
        Analyst,
        Public,
    }

    private sealed record Case(string What, Who Who, HttpMethod Method, string Path, string? ContentType = "application/json", string? Body = null, int Expected = 400, string? Header = null, string? HeaderValue = null);

    public async ValueTask InitializeAsync()
    {
        using var admin = _app.AdminClient();
        await SampleData.LoadRegistryAsync(admin);
        await SampleData.ImportPlanTextAsync(admin, SampleData.PlanText);
        _keys[Who.Admin] = TestApp.AdminKey;
        _keys[Who.Agency] = await SampleData.IssueAgencyKeyAsync(admin, Own);
        _keys[Who.Analyst] = await SampleData.IssueKeyAsync(admin, "analyst");
        _keys[Who.Public] = null;

        // Real pages to take tokens from: two reports on III.1, two feedback cases.
        using var agency = _app.ClientWithKey(_keys[Who.Agency]);
        foreach (var percent in new[] { 10, 20 })
        {
            var id = await UpdatesFixture.AcceptedIdAsync(await UpdatesFixture.PostAsync(agency, "III.1", new { status = "in-progress", progressPercent = percent, period = "2022-03" }));
            await UpdatesFixture.WaitForOutcomeAsync(agency, id);
        }

        // Cases at each step the corpus moves from: submitted, received (to classify), classified (to assign).
        using var anonymous = _app.ClientWithKey(null);
        var codes = new List<string>();
        foreach (var marker in new[] { "Corpus", "Mau", "Thu" })
        {
            codes.Add(await FeedbackFixture.SubmitAsync(anonymous, FeedbackFixture.Submission(marker)));
            await WaitForCaseAsync(anonymous, codes[^1]);
        }

        (_caseCode, _receivedCode, _classifiedCode) = (codes[0], codes[1], codes[2]);
        await FeedbackFixture.MoveOkAsync(admin, _receivedCode, "receive");
        await FeedbackFixture.MoveOkAsync(admin, _classifiedCode, "receive");
        await FeedbackFixture.MoveOkAsync(admin, _classifiedCode, "classify", new { inScope = true, topic = "regulation" });

        _historyToken = (await admin.GetFromJsonAsync<JsonElement>(new Uri($"/api/plans/{Plan}/tasks/III.1/updates?pageSize=1", UriKind.Relative))).GetProperty("continuationToken").GetString()!;
        _feedbackToken = (await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/feedback?pageSize=1", UriKind.Relative))).GetProperty("continuationToken").GetString()!;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Every_bad_request_is_a_4xx_problem_and_nothing_is_written()
    {
        var corpus = Corpus();
        Assert.True(corpus.Count >= 150, $"the corpus has {corpus.Count} requests");
        var before = await StorageStateAsync();
        var failures = new List<string>();
        var byStatus = new SortedDictionary<int, int>();
        foreach (var c in corpus)
        {
            using var client = _app.ClientWithKey(_keys[c.Who]);
            using var request = new HttpRequestMessage(c.Method, new Uri(c.Path, UriKind.Relative));
            if (c.Body is not null)
            {
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(c.Body));
                if (c.ContentType is not null)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", c.ContentType);
                }
            }

            if (c.Header is not null)
            {
                request.Headers.TryAddWithoutValidation(c.Header, c.HeaderValue);
            }

            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            var status = (int)response.StatusCode;
            byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            if (status != c.Expected || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"{c.What}: {c.Method} {Shorten(c.Path)} expected {c.Expected} problem+json, got {status} {response.Content.Headers.ContentType?.MediaType}: {Shorten(text)}");
            }
        }

        var after = await StorageStateAsync();
        TestContext.Current.SendDiagnosticMessage($"bad-input corpus: {corpus.Count} requests; " + string.Join(", ", byStatus.Select(s => $"{s.Value} × {s.Key}")));
        foreach (var failure in failures)
        {
            TestContext.Current.SendDiagnosticMessage(failure);
        }

        Assert.Empty(failures);
        Assert.Empty(after.Except(before));
        Assert.Empty(before.Except(after));
        Assert.DoesNotContain(byStatus.Keys, s => s >= 500);
    }

    private List<Case> Corpus()
    {
        var cases = new List<Case>();
        var update = $"/api/plans/{Plan}/tasks/III.1/updates";
        var move = $"/api/feedback/{_caseCode}";

        // Every JSON write endpoint: the same malformed bodies.
        var jsonEndpoints = new (string Name, Who Who, HttpMethod Method, string Path)[]
        {
            ("update", Who.Agency, HttpMethod.Post, update),
            ("feedback", Who.Public, HttpMethod.Post, "/api/feedback"),
            ("receive", Who.Admin, HttpMethod.Post, $"{move}/receive"),
            ("classify", Who.Admin, HttpMethod.Post, $"{move}/classify"),
            ("assign", Who.Admin, HttpMethod.Post, $"{move}/assign"),
            ("answer", Who.Admin, HttpMethod.Post, $"{move}/answer"),
            ("agency put", Who.Admin, HttpMethod.Put, "/api/agencies/so-tu-phap"),
            ("agency import", Who.Admin, HttpMethod.Post, "/api/agencies/import"),
            ("key", Who.Admin, HttpMethod.Post, "/api/keys"),
            ("agency key", Who.Admin, HttpMethod.Post, "/api/agencies/so-tu-phap/keys"),
            ("plan import", Who.Admin, HttpMethod.Post, $"/api/plans/import?planId={Plan}"),
            ("calendar extension", Who.Admin, HttpMethod.Post, "/api/calendar/extensions"),
            ("calendar replace", Who.Admin, HttpMethod.Put, "/api/calendar/extensions"),
            ("report", Who.Admin, HttpMethod.Post, "/api/reports"),
        };
        var malformed = new (string What, string Body)[]
        {
            ("truncated JSON", "{ \"status\": "),
            ("a trailing comma", "{\"a\":1,}"),
            ("two documents", "{} {}"),
            ("JSON null", "null"),
            ("a bare string", "\"text\""),
            ("a bare number", "42"),
            ("a property named twice", "{\"note\":\"a\",\"note\":\"b\"}"),
            ("nesting 40 deep", string.Concat(Enumerable.Repeat("{\"a\":", 40)) + "1" + new string('}', 40)),
            ("invalid UTF-8 escape", "{\"note\":\"\\uZZZZ\"}"),
            ("single quotes", "{'note':'x'}"),
        };
        foreach (var endpoint in jsonEndpoints)
        {
            foreach (var (what, body) in malformed)
            {
                // A plan import without a media type sniffs the body; with application/json it is read as JSON like the rest.
                cases.Add(new($"{endpoint.Name}: {what}", endpoint.Who, endpoint.Method, endpoint.Path, Body: body));
            }

            cases.Add(new($"{endpoint.Name}: form content", endpoint.Who, endpoint.Method, endpoint.Path, "application/x-www-form-urlencoded", "a=1", 415));
        }

        // 1. Digits that are not ASCII, wherever a number or a day is read.
        foreach (var period in new[] { "٢٠٢٢-03", "２０２２-03", "2022-٠٣", "2022-Q١", "२०२२" })
        {
            cases.Add(new($"period with non-ASCII digits {period}", Who.Agency, HttpMethod.Post, update, Body: $"{{\"status\":\"in-progress\",\"period\":\"{period}\"}}"));
        }

        cases.Add(new("pageSize in Arabic-Indic digits", Who.Admin, HttpMethod.Get, $"{update}?pageSize=٥", null));
        cases.Add(new("pageSize in fullwidth digits", Who.Admin, HttpMethod.Get, "/api/feedback?pageSize=１０", null));
        cases.Add(new("days in fullwidth digits", Who.Admin, HttpMethod.Get, "/api/calendar/deadline?from=2026-06-08&days=１０", null));
        cases.Add(new("from in fullwidth digits", Who.Admin, HttpMethod.Get, "/api/calendar/deadline?from=２０２６-06-08&days=10", null));
        cases.Add(new("dueBefore in Arabic-Indic digits", Who.Admin, HttpMethod.Get, $"/api/plans/{Plan}/assignments?dueBefore=٢٠٢٢-03-31", null));
        cases.Add(new("submittedFrom in fullwidth digits", Who.Admin, HttpMethod.Get, "/api/feedback?submittedFrom=２０２６-01-01", null));
        cases.Add(new("plan year in Arabic-Indic digits", Who.Admin, HttpMethod.Post, $"/api/plans/import?planId=p-digits&year=٢٠٢٢", "text/plain", SampleData.PlanText));
        cases.Add(new("plan decisionDate in fullwidth digits", Who.Admin, HttpMethod.Post, $"/api/plans/import?planId=p-digits&decisionDate=２０２２-01-10", "text/plain", SampleData.PlanText));
        cases.Add(new("completedOn in fullwidth digits", Who.Agency, HttpMethod.Post, update, Body: "{\"status\":\"completed\",\"completedOn\":\"２０２２-03-01\"}"));
        cases.Add(new("progressPercent as Arabic-Indic text", Who.Agency, HttpMethod.Post, update, Body: "{\"status\":\"in-progress\",\"progressPercent\":\"٥٠\"}"));

        // 2. A property named twice: neither value is chosen.
        cases.Add(new("role twice", Who.Admin, HttpMethod.Post, "/api/keys", Body: "{\"role\":\"superuser\",\"role\":\"analyst\"}"));
        cases.Add(new("status twice", Who.Agency, HttpMethod.Post, update, Body: "{\"status\":\"bogus\",\"status\":\"in-progress\"}"));
        cases.Add(new("kind twice", Who.Public, HttpMethod.Post, "/api/feedback", Body: "{\"kind\":\"khieu-nai\",\"kind\":\"phan-anh\",\"subject\":\"s\",\"content\":\"c\",\"submitter\":{\"name\":\"A\",\"phone\":\"0901234567\"}}"));
        cases.Add(new("nested property twice", Who.Agency, HttpMethod.Post, update, Body: "{\"status\":\"in-progress\",\"outputDocument\":{\"number\":\"1/KH\",\"number\":\"2/KH\"}}"));
        cases.Add(new("submitter name twice", Who.Public, HttpMethod.Post, "/api/feedback", Body: "{\"kind\":\"phan-anh\",\"subject\":\"s\",\"content\":\"c\",\"submitter\":{\"name\":\"A\",\"name\":\"B\",\"phone\":\"0901234567\"}}"));
        cases.Add(new("agency id twice", Who.Admin, HttpMethod.Put, "/api/agencies/so-moi", Body: "{\"id\":\"so-moi\",\"id\":\"so-khac\",\"name\":\"Sở Mới\",\"level\":\"tinh\"}"));
        cases.Add(new("plan id twice in JSON", Who.Admin, HttpMethod.Post, "/api/plans/import", Body: "{\"planId\":\"a\",\"planId\":\"b\",\"year\":2022,\"sections\":[]}"));
        cases.Add(new("calendar version twice", Who.Admin, HttpMethod.Post, "/api/calendar/extensions", Body: "{\"version\":\"x\",\"version\":\"y\",\"years\":[]}"));
        cases.Add(new("classify inScope twice", Who.Admin, HttpMethod.Post, $"/api/feedback/{_receivedCode}/classify", Body: "{\"inScope\":false,\"inScope\":true,\"topic\":\"regulation\"}"));
        cases.Add(new("key label twice", Who.Admin, HttpMethod.Post, "/api/agencies/so-tu-phap/keys", Body: "{\"label\":\"a\",\"label\":\"b\"}"));

        // 3. Identifiers and enumerations are exact: whitespace around them is refused, never trimmed.
        foreach (var (what, period) in new[] { ("a line break after", "2022-03\\n"), ("a space before", " 2022-03"), ("a tab after", "2022-03\\t"), ("a CRLF after", "2022-Q1\\r\\n") })
        {
            cases.Add(new($"period with {what}", Who.Agency, HttpMethod.Post, update, Body: $"{{\"status\":\"in-progress\",\"period\":\"{period}\"}}"));
        }

        cases.Add(new("status with a trailing space", Who.Agency, HttpMethod.Post, update, Body: "{\"status\":\"in-progress \"}"));
        cases.Add(new("status with a line break", Who.Agency, HttpMethod.Post, update, Body: "{\"status\":\"completed\\n\",\"completedOn\":\"2022-03-01\"}"));
        cases.Add(new("admin's agencyId with a line break", Who.Admin, HttpMethod.Post, update, Body: "{\"agencyId\":\"so-tu-phap\\n\",\"status\":\"in-progress\"}"));
        cases.Add(new("role with a line break", Who.Admin, HttpMethod.Post, "/api/keys", Body: "{\"role\":\"analyst\\n\"}"));
        cases.Add(new("role in capitals", Who.Admin, HttpMethod.Post, "/api/keys", Body: "{\"role\":\"Analyst\"}"));
        cases.Add(new("feedback kind with a space", Who.Public, HttpMethod.Post, "/api/feedback", Body: "{\"kind\":\" phan-anh\",\"subject\":\"s\",\"content\":\"c\",\"submitter\":{\"name\":\"A\",\"phone\":\"0901234567\"}}"));
        cases.Add(new("submitter type with a line break", Who.Public, HttpMethod.Post, "/api/feedback", Body: "{\"kind\":\"phan-anh\",\"subject\":\"s\",\"content\":\"c\",\"submitter\":{\"type\":\"individual\\n\",\"name\":\"A\",\"phone\":\"0901234567\"}}"));
        cases.Add(new("topic with a trailing space", Who.Admin, HttpMethod.Post, $"/api/feedback/{_receivedCode}/classify", Body: "{\"inScope\":true,\"topic\":\"regulation \"}"));
        cases.Add(new("assigned agency with a line break", Who.Admin, HttpMethod.Post, $"/api/feedback/{_classifiedCode}/assign", Body: "{\"agencyId\":\"so-tu-phap\\n\"}"));
        cases.Add(new("agency id in the body with a line break", Who.Admin, HttpMethod.Put, "/api/agencies/so-moi", Body: "{\"id\":\"so-moi\\n\",\"name\":\"Sở Mới\",\"level\":\"tinh\"}"));
        cases.Add(new("agency level with a trailing space", Who.Admin, HttpMethod.Put, "/api/agencies/so-moi", Body: "{\"id\":\"so-moi\",\"name\":\"Sở Mới\",\"level\":\"tinh \"}"));
        cases.Add(new("agency kind with a leading space", Who.Admin, HttpMethod.Put, "/api/agencies/so-moi", Body: "{\"id\":\"so-moi\",\"name\":\"Sở Mới\",\"level\":\"tinh\",\"kind\":\" so\"}"));
        cases.Add(new("agency parent with a line break", Who.Admin, HttpMethod.Put, "/api/agencies/so-moi", Body: "{\"id\":\"so-moi\",\"name\":\"Sở Mới\",\"level\":\"tinh\",\"parentId\":\"ubnd-tinh-tien-giang\\n\"}"));
        cases.Add(new("agency group with a trailing space", Who.Admin, HttpMethod.Put, "/api/agencies/so-moi", Body: "{\"id\":\"so-moi\",\"name\":\"Sở Mới\",\"level\":\"tinh\",\"groups\":[\"so-ban-nganh-tinh \"]}"));
        cases.Add(new("plan id with a line break", Who.Admin, HttpMethod.Post, "/api/plans/import?planId=ke-hoach%0A", "text/plain", SampleData.PlanText));
        cases.Add(new("plan id in JSON with a space", Who.Admin, HttpMethod.Post, "/api/plans/import", Body: "{\"planId\":\"ke-hoach \",\"year\":2022,\"sections\":[{\"number\":\"I\",\"title\":\"t\",\"tasks\":[{\"number\":1,\"content\":\"c\"}]}]}"));
        cases.Add(new("pageSize with a space", Who.Admin, HttpMethod.Get, $"{update}?pageSize=%205", null));
        cases.Add(new("days with a trailing line break", Who.Admin, HttpMethod.Get, "/api/calendar/deadline?from=2026-06-08&days=10%0A", null));
        cases.Add(new("overdue with a space", Who.Admin, HttpMethod.Get, "/api/feedback?overdue=true%20", null));
        cases.Add(new("stage with a line break", Who.Admin, HttpMethod.Get, "/api/feedback?stage=received%0A", null));
        cases.Add(new("year with a space", Who.Admin, HttpMethod.Post, "/api/plans/import?planId=p-space&year=%202022", "text/plain", SampleData.PlanText));
        cases.Add(new("dueAfter with a line break", Who.Admin, HttpMethod.Get, $"/api/plans/{Plan}/assignments?dueAfter=2022-01-01%0A", null));
        cases.Add(new("import mode with a space", Who.Admin, HttpMethod.Post, "/api/agencies/import?mode=merge%20", Body: "[]"));

        // 4. Agency imports: one id twice, or one alias for two agencies, saves nothing.
        const string Sở1 = "{\"id\":\"so-a\",\"name\":\"Sở A\",\"level\":\"tinh\",\"kind\":\"so\"}";
        const string Sở1Again = "{\"id\":\"so-a\",\"name\":\"Sở A mới\",\"level\":\"tinh\",\"kind\":\"so\"}";
        cases.Add(new("import of one id twice (merge)", Who.Admin, HttpMethod.Post, "/api/agencies/import", Body: $"[{Sở1},{Sở1Again}]"));
        cases.Add(new("import of one id twice (replace)", Who.Admin, HttpMethod.Post, "/api/agencies/import?mode=replace", Body: $"[{Sở1},{Sở1Again}]"));
        cases.Add(new("import of an existing id twice", Who.Admin, HttpMethod.Post, "/api/agencies/import", Body: "[{\"id\":\"so-tu-phap\",\"name\":\"Sở Tư pháp\",\"level\":\"tinh\"},{\"id\":\"so-tu-phap\",\"name\":\"Sở Tư pháp tỉnh\",\"level\":\"tinh\"}]"));
        cases.Add(new("registry document with one id twice", Who.Admin, HttpMethod.Post, "/api/agencies/import", Body: $"{{\"agencies\":[{Sở1},{Sở1Again}]}}"));
        cases.Add(new("two agencies sharing an alias", Who.Admin, HttpMethod.Post, "/api/agencies/import", Body: "[{\"id\":\"so-a\",\"name\":\"Sở A\",\"level\":\"tinh\",\"aliases\":[\"Sở chung\"]},{\"id\":\"so-b\",\"name\":\"Sở B\",\"level\":\"tinh\",\"aliases\":[\"Sở chung\"]}]"));
        cases.Add(new("an alias that is another agency's name", Who.Admin, HttpMethod.Post, "/api/agencies/import", Body: "[{\"id\":\"so-a\",\"name\":\"Sở A\",\"level\":\"tinh\",\"aliases\":[\"Sở Tư pháp\"]}]"));
        cases.Add(new("an alias that differs only in tone placement", Who.Admin, HttpMethod.Post, "/api/agencies/import", Body: "[{\"id\":\"so-a\",\"name\":\"Sở A\",\"level\":\"tinh\",\"aliases\":[\"Sở Y tế hoà bình\"]},{\"id\":\"so-b\",\"name\":\"Sở B\",\"level\":\"tinh\",\"aliases\":[\"Sở Y tế hòa bình\"]}]"));
        cases.Add(new("two levels of one id", Who.Admin, HttpMethod.Post, "/api/agencies/import?mode=replace", Body: "{\"levels\":[{\"id\":\"tinh\",\"name\":\"Cấp tỉnh\",\"rank\":1},{\"id\":\"tinh\",\"name\":\"Tỉnh\",\"rank\":2}],\"agencies\":[]}"));

        // 5. Every documented limit, on every format that can carry it.
        var sections201 = string.Join(",", Enumerable.Range(1, 201).Select(n => $"{{\"number\":\"S{n}\",\"title\":\"Mục {n}\",\"tasks\":[{{\"number\":1,\"content\":\"Nhiệm vụ\"}}]}}"));
        cases.Add(new("JSON plan of 201 sections", Who.Admin, HttpMethod.Post, "/api/plans/import", Body: $"{{\"planId\":\"p-201\",\"year\":2022,\"sections\":[{sections201}]}}"));
        cases.Add(new("Markdown plan of 201 sections", Who.Admin, HttpMethod.Post, "/api/plans/import?planId=p-201&year=2022", "text/markdown",
            MarkdownPlan(Enumerable.Range(1, 201).SelectMany(n => new[] { $"| {Roman(n)}. MỤC {n} | | | |", $"| 1 | Nhiệm vụ {n} | Sở Tư pháp | Quý I/2022 |" }))));
        cases.Add(new("JSON plan with a section title of 401 characters", Who.Admin, HttpMethod.Post, "/api/plans/import", Body: $"{{\"planId\":\"p-title\",\"year\":2022,\"sections\":[{{\"number\":\"I\",\"title\":\"{new string('a', 401)}\",\"tasks\":[{{\"number\":1,\"content\":\"c\"}}]}}]}}"));
        cases.Add(new("Markdown plan with a section title of 401 characters", Who.Admin, HttpMethod.Post, "/api/plans/import?planId=p-title&year=2022", "text/markdown",
            MarkdownPlan([$"| I. {new string('A', 401)} | | | |", "| 1 | Nhiệm vụ | Sở Tư pháp | Quý I/2022 |"])));
        cases.Add(new("JSON plan with a cell of 8001 characters", Who.Admin, HttpMethod.Post, "/api/plans/import", Body: $"{{\"planId\":\"p-cell\",\"year\":2022,\"sections\":[{{\"number\":\"I\",\"title\":\"t\",\"tasks\":[{{\"number\":1,\"content\":\"{new string('a', 8001)}\"}}]}}]}}"));
        cases.Add(new("Markdown plan with a cell of 8001 characters", Who.Admin, HttpMethod.Post, "/api/plans/import?planId=p-cell&year=2022", "text/markdown",
            MarkdownPlan(["| I. MỤC | | | |", $"| 1 | {new string('a', 8001)} | Sở Tư pháp | Quý I/2022 |"])));
        var tasks2001 = string.Join(",", Enumerable.Range(1, 2001).Select(n => $"{{\"number\":{n % 9999 + 1},\"content\":\"N\"}}"));
        cases.Add(new("JSON plan of 2001 tasks", Who.Admin, HttpMethod.Post, "/api/plans/import", Body: $"{{\"planId\":\"p-tasks\",\"year\":2022,\"sections\":[{{\"number\":\"I\",\"title\":\"t\",\"tasks\":[{tasks2001}]}}]}}"));
        cases.Add(new("Markdown plan of 2001 tasks", Who.Admin, HttpMethod.Post, "/api/plans/import?planId=p-tasks&year=2022", "text/markdown",
            MarkdownPlan(Enumerable.Range(1, 2001).Select(n => $"| {n} | Nhiệm vụ {n} | Sở Tư pháp | Quý I/2022 |").Prepend("| I. MỤC | | | |"))));
        cases.Add(new("plan over 10 MiB", Who.Admin, HttpMethod.Post, "/api/plans/import?planId=p-big&year=2022", "text/plain", new string('a', 10 * 1024 * 1024 + 1), 413));
        cases.Add(new("plan year 1999 in the query", Who.Admin, HttpMethod.Post, "/api/plans/import?planId=p-year&year=1999", "text/plain", SampleData.PlanText));
        cases.Add(new("plan year 2101 in JSON", Who.Admin, HttpMethod.Post, "/api/plans/import", Body: "{\"planId\":\"p-year\",\"year\":2101,\"sections\":[{\"number\":\"I\",\"title\":\"t\",\"tasks\":[{\"number\":1,\"content\":\"c\"}]}]}"));
        cases.Add(new("plan decision number of 101 characters", Who.Admin, HttpMethod.Post, $"/api/plans/import?planId=p-number&year=2022&decisionNumber={new string('9', 101)}", "text/plain", SampleData.PlanText));
        cases.Add(new("plan title of 1001 characters in JSON", Who.Admin, HttpMethod.Post, "/api/plans/import", Body: $"{{\"planId\":\"p-long\",\"year\":2022,\"title\":\"{new string('t', 1001)}\",\"sections\":[{{\"number\":\"I\",\"title\":\"t\",\"tasks\":[{{\"number\":1,\"content\":\"c\"}}]}}]}}"));
        cases.Add(new("task number 10000 in JSON", Who.Admin, HttpMethod.Post, "/api/plans/import", Body: "{\"planId\":\"p-n\",\"year\":2022,\"sections\":[{\"number\":\"I\",\"title\":\"t\",\"tasks\":[{\"number\":10000,\"content\":\"c\"}]}]}"));
        cases.Add(new("summary of 4001 characters", Who.Agency, HttpMethod.Post, update, Body: $"{{\"status\":\"in-progress\",\"summary\":\"{new string('ạ', 4001)}\"}}"));
        cases.Add(new("document number of 101 characters", Who.Agency, HttpMethod.Post, update, Body: $"{{\"status\":\"in-progress\",\"outputDocument\":{{\"number\":\"{new string('9', 101)}\"}}}}"));
        cases.Add(new("document title of 501 characters", Who.Agency, HttpMethod.Post, update, Body: $"{{\"status\":\"in-progress\",\"outputDocument\":{{\"title\":\"{new string('t', 501)}\"}}}}"));
        cases.Add(new("update body over 64 KiB", Who.Agency, HttpMethod.Post, update, Body: $"{{\"status\":\"in-progress\",\"summary\":\"{new string('x', 70_000)}\"}}", Expected: 413));
        cases.Add(new("Idempotency-Key of 201 characters", Who.Agency, HttpMethod.Post, update, Body: "{\"status\":\"in-progress\"}", Header: "Idempotency-Key", HeaderValue: new string('k', 201)));
        cases.Add(new("Idempotency-Key with a DEL character", Who.Agency, HttpMethod.Post, update, Body: "{\"status\":\"in-progress\"}", Header: "Idempotency-Key", HeaderValue: "khoa\u007f1"));
        cases.Add(new("feedback body over 32 KiB", Who.Public, HttpMethod.Post, "/api/feedback", Body: $"{{\"kind\":\"phan-anh\",\"content\":\"{new string('x', 33_000)}\"}}", Expected: 413));
        cases.Add(new("feedback content over 4000 characters", Who.Public, HttpMethod.Post, "/api/feedback", Body: $"{{\"kind\":\"phan-anh\",\"subject\":\"s\",\"content\":\"{new string('ạ', 4001)}\",\"submitter\":{{\"name\":\"A\",\"phone\":\"0901234567\"}}}}"));
        cases.Add(new("answer over 32 KiB", Who.Admin, HttpMethod.Post, $"{move}/answer", Body: $"{{\"text\":\"{new string('x', 33_000)}\"}}", Expected: 413));
        cases.Add(new("key label of 201 characters", Who.Admin, HttpMethod.Post, "/api/agencies/so-tu-phap/keys", Body: $"{{\"label\":\"{new string('l', 201)}\"}}"));
        cases.Add(new("agency name of 501 characters", Who.Admin, HttpMethod.Put, "/api/agencies/so-moi", Body: $"{{\"id\":\"so-moi\",\"name\":\"{new string('n', 501)}\",\"level\":\"tinh\"}}"));
        cases.Add(new("agency id of 64 characters", Who.Admin, HttpMethod.Put, $"/api/agencies/{new string('a', 64)}", Body: $"{{\"id\":\"{new string('a', 64)}\",\"name\":\"Sở\",\"level\":\"tinh\"}}"));
        cases.Add(new("agency import over 2 MiB", Who.Admin, HttpMethod.Post, "/api/agencies/import", Body: "[" + new string(' ', 2 * 1024 * 1024) + "]", Expected: 413));
        cases.Add(new("calendar extension over 512 KiB", Who.Admin, HttpMethod.Post, "/api/calendar/extensions", Body: "{\"version\":\"" + new string('v', 520 * 1024) + "\"}", Expected: 413));
        cases.Add(new("deadline of 367 days", Who.Admin, HttpMethod.Get, "/api/calendar/deadline?from=2026-06-08&days=367", null));
        cases.Add(new("history pageSize 101", Who.Admin, HttpMethod.Get, $"{update}?pageSize=101", null));
        cases.Add(new("history pageSize 0", Who.Admin, HttpMethod.Get, $"{update}?pageSize=0", null));
        cases.Add(new("feedback pageSize 101", Who.Admin, HttpMethod.Get, "/api/feedback?pageSize=101", null));
        cases.Add(new("feedback pageSize -1", Who.Admin, HttpMethod.Get, "/api/feedback?pageSize=-1", null));

        // 6. Continuation tokens the API never issued, or issued for another query.
        foreach (var (what, token) in new[]
        {
            ("abc", "abc"),
            ("forged base64 of storage keys", Convert.ToBase64String(Encoding.UTF8.GetBytes("1!8!dGllbi1naWFuZw-- 1!4!MDAx")).TrimEnd('=').Replace('+', '-').Replace('/', '_')),
            ("a real token with one character changed", Flip(_historyToken)),
            ("a real token cut short", _historyToken[..^4]),
            ("padding", "abcd=="),
            ("an empty value", ""),
        })
        {
            cases.Add(new($"history token: {what}", Who.Admin, HttpMethod.Get, $"{update}?continuationToken={Uri.EscapeDataString(token)}", null));
            cases.Add(new($"feedback token: {what}", Who.Admin, HttpMethod.Get, $"/api/feedback?continuationToken={Uri.EscapeDataString(token.Length == 0 ? token : token == _historyToken[..^4] ? _feedbackToken[..^4] : token == Flip(_historyToken) ? Flip(_feedbackToken) : token)}", null));
        }

        cases.Add(new("a history token used for another task", Who.Admin, HttpMethod.Get, $"/api/plans/{Plan}/tasks/III.2/updates?continuationToken={_historyToken}", null));
        cases.Add(new("an admin's history token used with an agency filter", Who.Admin, HttpMethod.Get, $"{update}?agencyId={Own}&continuationToken={_historyToken}", null));
        cases.Add(new("a feedback token used with another filter", Who.Admin, HttpMethod.Get, $"/api/feedback?stage=received&continuationToken={_feedbackToken}", null));
        cases.Add(new("a history token used on the feedback list", Who.Admin, HttpMethod.Get, $"/api/feedback?continuationToken={_historyToken}", null));
        cases.Add(new("a feedback token used on a history", Who.Admin, HttpMethod.Get, $"{update}?continuationToken={_feedbackToken}", null));

        // 7. Other query parameters.
        cases.Add(new("overdue=maybe", Who.Admin, HttpMethod.Get, "/api/feedback?overdue=maybe", null));
        cases.Add(new("stage unknown", Who.Admin, HttpMethod.Get, "/api/feedback?stage=bogus", null));
        cases.Add(new("submittedFrom impossible", Who.Admin, HttpMethod.Get, "/api/feedback?submittedFrom=2026-13-01", null));
        cases.Add(new("submittedFrom after submittedTo", Who.Admin, HttpMethod.Get, "/api/feedback?submittedFrom=2026-06-02&submittedTo=2026-06-01", null));
        cases.Add(new("feedback agencyId OData-looking", Who.Admin, HttpMethod.Get, "/api/feedback?agencyId=%27%20or%201%20eq%201", null));
        cases.Add(new("deadline without from", Who.Admin, HttpMethod.Get, "/api/calendar/deadline?days=10", null));
        cases.Add(new("deadline from in Vietnamese order", Who.Admin, HttpMethod.Get, "/api/calendar/deadline?from=08/06/2026&days=10", null));
        cases.Add(new("dueBefore impossible", Who.Admin, HttpMethod.Get, $"/api/plans/{Plan}/assignments?dueBefore=2022-02-30", null));
        cases.Add(new("plan decisionDate impossible", Who.Admin, HttpMethod.Post, "/api/plans/import?planId=p-date&decisionDate=2022-02-30", "text/plain", SampleData.PlanText));
        cases.Add(new("plan year as words", Who.Admin, HttpMethod.Post, "/api/plans/import?planId=p-year&year=hai-nghin", "text/plain", SampleData.PlanText));
        cases.Add(new("import mode unknown", Who.Admin, HttpMethod.Post, "/api/agencies/import?mode=overwrite", Body: "[]"));
        cases.Add(new("plan of another province", Who.Admin, HttpMethod.Post, "/api/plans/import?planId=p-prov&province=an-giang&year=2022", "text/plain", SampleData.PlanText));

        // Reports and reminders.
        foreach (var period in new[] { "٢٠٢٢-03", "２０２２", "2022-03\n", " 2022-Q1", "2022-13", "Q1/2022" })
        {
            cases.Add(new($"report for period {period.Replace("\n", "\\n", StringComparison.Ordinal)}", Who.Admin, HttpMethod.Post, "/api/reports", Body: JsonSerializer.Serialize(new { planId = Plan, period })));
            cases.Add(new($"report list for period {period.Replace("\n", "\\n", StringComparison.Ordinal)}", Who.Admin, HttpMethod.Get, $"/api/reports?period={Uri.EscapeDataString(period)}", null));
        }

        cases.Add(new("report plan named twice", Who.Admin, HttpMethod.Post, "/api/reports", Body: $"{{\"planId\":\"{Plan}\",\"planId\":\"khac\",\"period\":\"2022-03\"}}"));
        cases.Add(new("report without a period", Who.Admin, HttpMethod.Post, "/api/reports", Body: $"{{\"planId\":\"{Plan}\"}}"));
        cases.Add(new("report regenerate=maybe", Who.Admin, HttpMethod.Post, "/api/reports?regenerate=maybe", Body: $"{{\"planId\":\"{Plan}\",\"period\":\"2022-03\"}}"));
        cases.Add(new("report list kind unknown", Who.Admin, HttpMethod.Get, "/api/reports?kind=week", null));
        cases.Add(new("report list pageSize in fullwidth digits", Who.Admin, HttpMethod.Get, "/api/reports?pageSize=５", null));
        cases.Add(new("report list forged token", Who.Admin, HttpMethod.Get, "/api/reports?continuationToken=abcdefghijklmnopqrstuvwxyz0123456789", null));
        cases.Add(new("report list with a history token", Who.Admin, HttpMethod.Get, $"/api/reports?continuationToken={_historyToken}", null));
        cases.Add(new("reminder run date in fullwidth digits", Who.Admin, HttpMethod.Post, "/api/reminders/runs?date=２０２６-06-08", null));
        cases.Add(new("reminder run date with a line break", Who.Admin, HttpMethod.Post, "/api/reminders/runs?date=2026-06-08%0A", null));
        cases.Add(new("reminder run date impossible", Who.Admin, HttpMethod.Post, "/api/reminders/runs?date=2026-02-30", null));
        cases.Add(new("reminder run of a day by an analyst", Who.Analyst, HttpMethod.Post, "/api/reminders/runs?date=2026-06-08", null, Expected: 403));

        // Values of the right type that the rules refuse.
        cases.Add(new("status as a number", Who.Agency, HttpMethod.Post, update, Body: "{\"status\":1}"));
        cases.Add(new("period in the future", Who.Agency, HttpMethod.Post, update, Body: "{\"status\":\"in-progress\",\"period\":\"2099-Q1\"}"));
        cases.Add(new("control character in a note", Who.Admin, HttpMethod.Post, $"{move}/receive", Body: "{\"note\":\"a\\u0007b\"}"));
        cases.Add(new("classify without inScope", Who.Admin, HttpMethod.Post, $"/api/feedback/{_receivedCode}/classify", Body: "{\"topic\":\"regulation\"}"));
        cases.Add(new("feedback channel from the public", Who.Public, HttpMethod.Post, "/api/feedback", Body: "{\"kind\":\"phan-anh\",\"channel\":\"email\",\"subject\":\"s\",\"content\":\"c\",\"submitter\":{\"name\":\"A\",\"phone\":\"0901234567\"}}"));
        cases.Add(new("feedback without contact", Who.Public, HttpMethod.Post, "/api/feedback", Body: "{\"kind\":\"phan-anh\",\"subject\":\"s\",\"content\":\"c\",\"submitter\":{\"name\":\"A\"}}"));
        cases.Add(new("calendar extension with an unknown kind", Who.Admin, HttpMethod.Post, "/api/calendar/extensions", Body: "{\"version\":\"x\",\"years\":[{\"year\":2026,\"status\":\"confirmed\",\"basis\":\"b\",\"entries\":[{\"date\":\"2026-06-10\",\"kind\":\"nghi\",\"name\":\"n\",\"basis\":\"b\"}]}]}"));
        cases.Add(new("calendar kind as a number", Who.Admin, HttpMethod.Post, "/api/calendar/extensions", Body: "{\"version\":\"x\",\"years\":[{\"year\":2026,\"status\":\"confirmed\",\"basis\":\"b\",\"entries\":[{\"date\":\"2026-06-10\",\"kind\":0,\"name\":\"n\",\"basis\":\"b\"}]}]}"));
        cases.Add(new("calendar replace that is not an array", Who.Admin, HttpMethod.Put, "/api/calendar/extensions", Body: "{\"version\":\"x\"}"));
        cases.Add(new("a null agency in an import", Who.Admin, HttpMethod.Post, "/api/agencies/import", Body: "[null]"));
        cases.Add(new("revoking a key that does not exist", Who.Admin, HttpMethod.Delete, "/api/keys/khong-co", null, Expected: 404));
        cases.Add(new("a move on a made-up case", Who.Admin, HttpMethod.Post, "/api/feedback/PAKN-0000-0000/receive", Body: "{}", Expected: 404));
        return cases;
    }

    private static string MarkdownPlan(IEnumerable<string> rows) =>
        "| STT | Nội dung | Cơ quan chủ trì | Thời gian thực hiện |\n|---|---|---|---|\n" + string.Join("\n", rows) + "\n";

    private static string Roman(int n)
    {
        var numerals = new[] { (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I") };
        var text = new StringBuilder();
        foreach (var (value, numeral) in numerals)
        {
            while (n >= value)
            {
                text.Append(numeral);
                n -= value;
            }
        }

        return text.ToString();
    }

    private static string Flip(string token) => token[..^1] + (token[^1] == 'A' ? 'B' : 'A');

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;

    private static async Task WaitForCaseAsync(HttpClient client, string code)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await client.GetAsync(new Uri($"/api/feedback/track/{code}", UriKind.Relative), deadline.Token)).StatusCode != HttpStatusCode.OK)
        {
            await Task.Delay(50, deadline.Token);
        }
    }

    /// <summary>Every row (with its ETag), queue message count and blob (with its ETag) of this app's storage.</summary>
    private async Task<HashSet<string>> StorageStateAsync()
    {
        var state = new HashSet<string>(StringComparer.Ordinal);
        var tables = _app.Services.GetRequiredService<TableServiceClient>();
        await foreach (var table in tables.QueryAsync(cancellationToken: TestContext.Current.CancellationToken))
        {
            if (!table.Name.StartsWith(_app.Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            await foreach (var row in tables.GetTableClient(table.Name).QueryAsync<TableEntity>(cancellationToken: TestContext.Current.CancellationToken))
            {
                state.Add($"table {table.Name} {row.PartitionKey} {row.RowKey} {row.ETag}");
            }
        }

        var queues = _app.Services.GetRequiredService<QueueServiceClient>();
        await foreach (var queue in queues.GetQueuesAsync(prefix: _app.Prefix, cancellationToken: TestContext.Current.CancellationToken))
        {
            var properties = await queues.GetQueueClient(queue.Name).GetPropertiesAsync(TestContext.Current.CancellationToken);
            state.Add($"queue {queue.Name} {properties.Value.ApproximateMessagesCount}");
        }

        var blobs = _app.Services.GetRequiredService<BlobServiceClient>();
        await foreach (var container in blobs.GetBlobContainersAsync(prefix: _app.Prefix, cancellationToken: TestContext.Current.CancellationToken))
        {
            await foreach (var blob in blobs.GetBlobContainerClient(container.Name).GetBlobsAsync(cancellationToken: TestContext.Current.CancellationToken))
            {
                state.Add($"blob {container.Name} {blob.Name} {blob.Properties.ETag}");
            }
        }

        return state;
    }
}
