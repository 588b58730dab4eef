using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Feedback;

/// <summary>
/// A case walked through the whole workflow over HTTP, with deadlines counted by hand from the shipped calendar, the
/// audit trail, and every move refused where the workflow does not allow it.
/// </summary>
public sealed class FeedbackLifecycleTests : IClassFixture<FeedbackFixture>
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);
    private readonly FeedbackFixture _fixture;

    public FeedbackLifecycleTests(FeedbackFixture fixture)
    {
        _fixture = fixture;

        // Mon 8/6/2026, 10:00 in Vietnam, unless a test says otherwise.
        fixture.Clock.Set(new DateTimeOffset(2026, 6, 8, 10, 0, 0, Vietnam));
    }

    private static readonly string[] AllActions =
        ["receive", "classify", "assign", "start-handling", "request-information", "supply-information", "answer", "return-for-rework", "publish"];

    /// <summary>A body that satisfies what each action needs, so only the stage decides.</summary>
    private static object BodyFor(string action) => action switch
    {
        "classify" => new { inScope = true, topic = "regulation" },
        "assign" => new { agencyId = FeedbackFixture.Health },
        "request-information" => new { text = "Đề nghị cung cấp số biên nhận" },
        "answer" => new { text = "Trả lời", documentReference = "1/STP" },
        "return-for-rework" => new { note = "Chưa đủ căn cứ" },
        _ => new { note = "Ghi chú" },
    };

    [Fact]
    public async Task A_case_goes_from_submission_to_publication_with_hand_counted_deadlines_and_a_full_audit_trail()
    {
        // Thu 12/2/2026, two days before the Tết break (Sat 14/2–Sun 22/2).
        _fixture.Clock.Set(new DateTimeOffset(2026, 2, 12, 10, 0, 0, Vietnam));
        using var admin = _fixture.App.AdminClient();
        using var justice = _fixture.Agency(FeedbackFixture.Justice);
        var code = await _fixture.SubmitAndWaitAsync("Lifecycle");

        var submitted = await FeedbackFixture.GetCaseAsync(admin, code);
        Assert.Equal("submitted", submitted.GetProperty("stage").GetString());
        var deadlines = submitted.GetProperty("deadlines");
        Assert.Equal("classify", deadlines.GetProperty("currentKind").GetString());
        Assert.Equal("2026-02-23", deadlines.GetProperty("current").GetString());              // Fri 13/2 (1), Mon 23/2 (2)
        Assert.Equal("2026-02-26", deadlines.GetProperty("requestInformationBy").GetString()); // 13/2, 23, 24, 25, 26/2
        Assert.Equal("2026-03-12", deadlines.GetProperty("answerBy").GetString());             // 13/2, 23–27/2, 2–6/3, 9–12/3
        Assert.False(deadlines.GetProperty("overdue").GetBoolean());
        Assert.Equal("Nguyễn Văn Lifecycle", submitted.GetProperty("submitter").GetProperty("name").GetString());

        await FeedbackFixture.MoveOkAsync(admin, code, "receive", new { note = "Vào sổ tiếp nhận" });
        var classified = await FeedbackFixture.MoveOkAsync(admin, code, "classify", new { inScope = true, topic = "regulation" });
        Assert.Equal("answer", classified.GetProperty("deadlines").GetProperty("currentKind").GetString());
        var assigned = await FeedbackFixture.MoveOkAsync(admin, code, "assign", new { agencyId = FeedbackFixture.Justice, note = "Thuộc lĩnh vực hộ tịch" });
        Assert.Equal("Sở Tư pháp", assigned.GetProperty("assignedAgencyName").GetString());
        await FeedbackFixture.MoveOkAsync(justice, code, "start-handling");

        // Fri 13/3/2026: the answer was due Thu 12/3.
        _fixture.Clock.Set(new DateTimeOffset(2026, 3, 13, 9, 0, 0, Vietnam));
        var late = await FeedbackFixture.GetCaseAsync(justice, code);
        Assert.Equal("handling", late.GetProperty("stage").GetString());
        Assert.Equal("2026-03-12", late.GetProperty("deadlines").GetProperty("current").GetString());
        Assert.True(late.GetProperty("deadlines").GetProperty("overdue").GetBoolean());
        Assert.Equal("0901 234 567", late.GetProperty("submitter").GetProperty("phone").GetString());

        var answered = await FeedbackFixture.MoveOkAsync(justice, code, "answer", new { text = "Sở Tư pháp đã hướng dẫn UBND xã không yêu cầu bản sao.", documentReference = "45/STP-HCTP" });
        Assert.Equal("publish", answered.GetProperty("deadlines").GetProperty("currentKind").GetString());
        Assert.Equal("2026-03-17", answered.GetProperty("deadlines").GetProperty("current").GetString()); // Mon 16 (1), Tue 17/3 (2)
        Assert.False(answered.GetProperty("deadlines").GetProperty("overdue").GetBoolean());
        var published = await FeedbackFixture.MoveOkAsync(admin, code, "publish");
        Assert.Equal("published", published.GetProperty("stage").GetString());
        Assert.Empty(published.GetProperty("nextActions").EnumerateArray());

        var tracked = await _fixture.WaitForCaseAsync(code);
        Assert.Equal("published", tracked.GetProperty("stage").GetString());
        Assert.Equal("Đã công khai kết quả", tracked.GetProperty("stageLabel").GetString());
        Assert.Equal("2026-02-12", tracked.GetProperty("submittedOn").GetString());
        Assert.Equal("Sở Tư pháp đã hướng dẫn UBND xã không yêu cầu bản sao.", tracked.GetProperty("answer").GetProperty("text").GetString());
        Assert.Equal("45/STP-HCTP", tracked.GetProperty("answer").GetProperty("documentReference").GetString());
        Assert.Equal("2026-03-13", tracked.GetProperty("answer").GetProperty("publishedOn").GetString());
        Assert.Equal(JsonValueKind.Null, tracked.GetProperty("deadline").ValueKind);
        Assert.Equal(
            ["submitted", "received", "classified", "assigned", "handling", "answered", "published"],
            tracked.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("stage").GetString()));

        var history = (await FeedbackFixture.GetCaseAsync(admin, code)).GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(
            ["submit", "receive", "classify-in-scope", "assign", "start-handling", "answer", "publish"],
            history.Select(h => h.GetProperty("action").GetString()));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], history.Select(h => h.GetProperty("version").GetInt32()));
        Assert.Equal(
            [null, "submitted", "received", "classified", "assigned", "handling", "answered"],
            history.Select(h => h.GetProperty("from").GetString()));
        Assert.Equal(
            ["submitted", "received", "classified", "assigned", "handling", "answered", "published"],
            history.Select(h => h.GetProperty("to").GetString()));
        Assert.Equal(["public", "bootstrap-admin", "bootstrap-admin", "bootstrap-admin"], history.Take(4).Select(h => h.GetProperty("actor").GetString()));
        Assert.Equal([FeedbackFixture.Justice, FeedbackFixture.Justice], history.Skip(4).Take(2).Select(h => h.GetProperty("actorAgencyId").GetString()));
        Assert.Equal("Vào sổ tiếp nhận", history[1].GetProperty("note").GetString());
        Assert.Equal(FeedbackFixture.Justice, history[3].GetProperty("agencyId").GetString());
        Assert.Equal(new DateTimeOffset(2026, 3, 13, 9, 0, 0, Vietnam), history[6].GetProperty("at").GetDateTimeOffset(), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Every_move_from_a_new_case_except_receive_is_refused_with_409_and_changes_nothing()
    {
        using var admin = _fixture.App.AdminClient();
        var code = await _fixture.SubmitAndWaitAsync("NotYet");

        foreach (var action in AllActions.Where(a => a != "receive"))
        {
            using var response = await FeedbackFixture.MoveAsync(admin, code, action, BodyFor(action));
            Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"{action}: {response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        var unchanged = await FeedbackFixture.GetCaseAsync(admin, code);
        Assert.Equal(1, unchanged.GetProperty("version").GetInt32());
        Assert.Single(unchanged.GetProperty("history").EnumerateArray());
        await FeedbackFixture.MoveOkAsync(admin, code, "receive");
        using var again = await FeedbackFixture.MoveAsync(admin, code, "receive");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task A_published_case_accepts_no_move_at_all()
    {
        using var admin = _fixture.App.AdminClient();
        using var justice = _fixture.Agency(FeedbackFixture.Justice);
        var code = await _fixture.HandlingAtJusticeAsync("Closed");
        await FeedbackFixture.MoveOkAsync(justice, code, "answer", new { text = "Trả lời" });
        await FeedbackFixture.MoveOkAsync(admin, code, "publish");

        foreach (var action in AllActions)
        {
            using var response = await FeedbackFixture.MoveAsync(admin, code, action, BodyFor(action));
            Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"{action}: {response.StatusCode}");
        }

        Assert.Equal(7, (await FeedbackFixture.GetCaseAsync(admin, code)).GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task An_answer_returned_for_rework_goes_back_to_the_agency_and_can_be_answered_again()
    {
        using var admin = _fixture.App.AdminClient();
        using var justice = _fixture.Agency(FeedbackFixture.Justice);
        var code = await _fixture.HandlingAtJusticeAsync("Rework");
        await FeedbackFixture.MoveOkAsync(justice, code, "answer", new { text = "Bản nháp" });

        using var noReason = await FeedbackFixture.MoveAsync(admin, code, "return-for-rework");
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var returned = await FeedbackFixture.MoveOkAsync(admin, code, "return-for-rework", new { note = "Chưa nêu căn cứ pháp lý" });
        Assert.Equal("handling", returned.GetProperty("stage").GetString());
        var final = await FeedbackFixture.MoveOkAsync(justice, code, "answer", new { text = "Căn cứ Nghị định 123/2015/NĐ-CP…", documentReference = "50/STP" });
        Assert.Equal("Căn cứ Nghị định 123/2015/NĐ-CP…", final.GetProperty("answer").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Out_of_scope_feedback_is_closed_with_a_reply_the_sender_can_read()
    {
        using var admin = _fixture.App.AdminClient();
        var code = await _fixture.SubmitAndWaitAsync("Complaint");
        await FeedbackFixture.MoveOkAsync(admin, code, "receive");

        using var missing = await FeedbackFixture.MoveAsync(admin, code, "classify", new { inScope = false, reason = "Là khiếu nại" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        await FeedbackFixture.MoveOkAsync(admin, code, "classify", new { inScope = false, reason = "Nội dung là khiếu nại", reply = "Nội dung thuộc phạm vi Luật Khiếu nại; đề nghị gửi đơn đến UBND xã." });

        var tracked = await _fixture.WaitForCaseAsync(code);
        Assert.Equal("rejected", tracked.GetProperty("stage").GetString());
        Assert.Equal("Nội dung thuộc phạm vi Luật Khiếu nại; đề nghị gửi đơn đến UBND xã.", tracked.GetProperty("reply").GetString());
        Assert.Equal(JsonValueKind.Null, tracked.GetProperty("deadline").ValueKind);
        Assert.DoesNotContain("Nội dung là khiếu nại", tracked.GetRawText(), StringComparison.Ordinal); // the staff-facing reason is not public
    }

    [Fact]
    public async Task Asking_the_sender_for_more_information_pauses_the_case_and_the_answer_runs_from_the_day_it_arrives()
    {
        using var justice = _fixture.Agency(FeedbackFixture.Justice);
        var code = await _fixture.HandlingAtJusticeAsync("MoreInfo");

        await FeedbackFixture.MoveOkAsync(justice, code, "request-information", new { text = "Đề nghị cung cấp số biên nhận hồ sơ." });
        var waiting = await _fixture.WaitForCaseAsync(code);
        Assert.Equal("awaiting-information", waiting.GetProperty("stage").GetString());
        Assert.Equal("Đề nghị cung cấp số biên nhận hồ sơ.", waiting.GetProperty("informationRequest").GetString());
        Assert.Equal(JsonValueKind.Null, waiting.GetProperty("deadline").ValueKind);

        // Wed 10/6/2026: + 15 working days = 11, 12 (2), 15–19 (7), 22–26 (12), 29, 30/6, 1/7 (15).
        // The information reaches the office, which records it: the agency may not restart its own clock.
        _fixture.Clock.Set(new DateTimeOffset(2026, 6, 10, 14, 0, 0, Vietnam));
        using (var byAgency = await FeedbackFixture.MoveAsync(justice, code, "supply-information", new { note = "Tự ghi nhận" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byAgency.StatusCode);
        }

        using var admin = _fixture.App.AdminClient();
        var resumed = await FeedbackFixture.MoveOkAsync(admin, code, "supply-information", new { note = "Người gửi bổ sung qua điện thoại" });
        Assert.Equal("handling", resumed.GetProperty("stage").GetString());
        Assert.Equal("2026-06-10", resumed.GetProperty("clockStartedOn").GetString());
        Assert.Equal("2026-07-01", resumed.GetProperty("deadlines").GetProperty("current").GetString());
    }

    [Fact]
    public async Task An_agency_acts_only_on_cases_assigned_to_it_and_only_its_own_moves()
    {
        using var justice = _fixture.Agency(FeedbackFixture.Justice);
        using var health = _fixture.Agency(FeedbackFixture.Health);
        var code = await _fixture.HandlingAtJusticeAsync("Scope");

        Assert.Equal(HttpStatusCode.Forbidden, (await health.GetAsync(new Uri($"/api/feedback/{code}", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        foreach (var action in new[] { "answer", "request-information", "start-handling" })
        {
            using var response = await FeedbackFixture.MoveAsync(health, code, action, BodyFor(action));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{action}: {response.StatusCode}");
        }

        foreach (var action in new[] { "receive", "assign", "publish", "return-for-rework", "classify" })
        {
            using var response = await FeedbackFixture.MoveAsync(justice, code, action, BodyFor(action));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{action}: {response.StatusCode}");
        }

        using var otherList = await health.GetAsync(new Uri($"/api/feedback?agencyId={FeedbackFixture.Justice}", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, otherList.StatusCode);
        var ownList = await health.GetFromJsonAsync<JsonElement>(new Uri("/api/feedback", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.DoesNotContain(ownList.GetProperty("items").EnumerateArray(), i => i.GetProperty("trackingCode").GetString() == code);

        // Forwarded to Sở Y tế: now it is theirs, and Sở Tư pháp loses it.
        using var admin = _fixture.App.AdminClient();
        await FeedbackFixture.MoveOkAsync(admin, code, "assign", new { agencyId = FeedbackFixture.Health, note = "Thuộc lĩnh vực y tế" });
        Assert.Equal(HttpStatusCode.OK, (await health.GetAsync(new Uri($"/api/feedback/{code}", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await justice.GetAsync(new Uri($"/api/feedback/{code}", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task An_analyst_reads_cases_without_personal_data_and_cannot_move_them_and_the_public_needs_a_key_for_staff_routes()
    {
        using var analyst = _fixture.App.ClientWithKey(_fixture.AnalystKey);
        using var anonymous = _fixture.Public();
        var code = await _fixture.SubmitAndWaitAsync("Analyst");

        var seen = await FeedbackFixture.GetCaseAsync(analyst, code);
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("submitter").ValueKind);
        Assert.DoesNotContain("0901 234 567", seen.GetRawText(), StringComparison.Ordinal);
        using var move = await FeedbackFixture.MoveAsync(analyst, code, "receive");
        Assert.Equal(HttpStatusCode.Forbidden, move.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri($"/api/feedback/{code}", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/api/feedback", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        using var anonymousMove = await FeedbackFixture.MoveAsync(anonymous, code, "receive");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousMove.StatusCode);
    }

    [Fact]
    public async Task Assigning_to_an_agency_not_in_the_registry_is_refused()
    {
        using var admin = _fixture.App.AdminClient();
        var code = await _fixture.SubmitAndWaitAsync("NoAgency");
        await FeedbackFixture.MoveOkAsync(admin, code, "receive");
        await FeedbackFixture.MoveOkAsync(admin, code, "classify", new { inScope = true, topic = "official-conduct" });

        using var response = await FeedbackFixture.MoveAsync(admin, code, "assign", new { agencyId = "so-khong-co" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("classified", (await FeedbackFixture.GetCaseAsync(admin, code)).GetProperty("stage").GetString());
    }

    [Fact]
    public async Task Concurrent_moves_cannot_both_succeed()
    {
        using var admin = _fixture.App.AdminClient();
        using var justice = _fixture.Agency(FeedbackFixture.Justice);
        var code = await _fixture.HandlingAtJusticeAsync("Race");
        await FeedbackFixture.MoveOkAsync(justice, code, "answer", new { text = "Trả lời" });

        // Two different moves from the same version, each sent three times: exactly one request wins, and the case is
        // where the winner took it.
        var moves = new[] { "publish", "return-for-rework", "publish", "return-for-rework", "publish", "return-for-rework" };
        var responses = await Task.WhenAll(moves.Select(action => FeedbackFixture.MoveAsync(admin, code, action, BodyFor(action))));

        var winner = Assert.Single(moves.Zip(responses), m => m.Second.StatusCode == HttpStatusCode.OK).First;
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var stored = await FeedbackFixture.GetCaseAsync(admin, code);
        Assert.Equal(winner == "publish" ? "published" : "handling", stored.GetProperty("stage").GetString());
        var history = stored.GetProperty("history").EnumerateArray().ToList();
        Assert.Single(history, h => h.GetProperty("action").GetString() is "publish" or "return-for-rework");
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_move_with_a_stale_If_Match_is_refused_with_412()
    {
        using var admin = _fixture.App.AdminClient();
        var code = await _fixture.SubmitAndWaitAsync("Stale");
        using var read = await admin.GetAsync(new Uri($"/api/feedback/{code}", UriKind.Relative), TestContext.Current.CancellationToken);
        var etag = read.Headers.ETag!.Tag;
        Assert.Equal("\"1\"", etag);
        await FeedbackFixture.MoveOkAsync(admin, code, "receive");

        using var stale = await FeedbackFixture.MoveAsync(admin, code, "classify", new { inScope = true, topic = "regulation" }, ifMatch: etag);
        using var fresh = await FeedbackFixture.MoveAsync(admin, code, "classify", new { inScope = true, topic = "regulation" }, ifMatch: "\"2\"");

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal("\"3\"", fresh.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Decomposed_Vietnamese_is_accepted_and_stored_composed()
    {
        using var admin = _fixture.App.AdminClient();
        using var client = _fixture.Public();
        var content = "Thời hạn giải quyết hồ sơ đất đai quá dài";
        var code = await FeedbackFixture.SubmitAsync(client, new
        {
            kind = "kien-nghi",
            subject = "Thủ tục đăng ký đất đai".Normalize(System.Text.NormalizationForm.FormD),
            content = content.Normalize(System.Text.NormalizationForm.FormD),
            submitter = new { name = "Lê Thị Ánh".Normalize(System.Text.NormalizationForm.FormD), email = "anh@example.vn" },
        });
        await _fixture.WaitForCaseAsync(code);

        var stored = await FeedbackFixture.GetCaseAsync(admin, code);

        Assert.Equal(content, stored.GetProperty("content").GetString());
        Assert.Equal("Thủ tục đăng ký đất đai", stored.GetProperty("subject").GetString());
        Assert.Equal("Lê Thị Ánh", stored.GetProperty("submitter").GetProperty("name").GetString());
        Assert.Equal("kien-nghi", stored.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Staff_enter_feedback_that_came_by_letter_for_an_organisation()
    {
        using var admin = _fixture.App.AdminClient();
        var code = await FeedbackFixture.SubmitAsync(admin, new
        {
            kind = "phan-anh",
            subject = "Thủ tục cấp giấy phép kinh doanh",
            content = "Thư gửi qua bưu điện ngày 01/6/2026.",
            channel = "letter",
            submitter = new { type = "organisation", name = "Trần Văn C", organisation = "Công ty TNHH Thương mại Mỹ Tho", address = "Mỹ Tho" },
        });
        await _fixture.WaitForCaseAsync(code);

        var stored = await FeedbackFixture.GetCaseAsync(admin, code);

        Assert.Equal("letter", stored.GetProperty("channel").GetString());
        Assert.Equal("organisation", stored.GetProperty("submitterType").GetString());
        Assert.Equal("Công ty TNHH Thương mại Mỹ Tho", stored.GetProperty("submitter").GetProperty("organisation").GetString());
        Assert.Equal("bootstrap-admin", stored.GetProperty("history")[0].GetProperty("actor").GetString());
    }

    [Fact]
    public async Task An_analyst_key_cannot_submit_feedback_by_any_channel()
    {
        using var analyst = _fixture.App.ClientWithKey(_fixture.AnalystKey);
        using var admin = _fixture.App.AdminClient();
        var before = await CountCasesAsync(admin);

        foreach (var channel in new[] { "letter", "web" })
        {
            using var response = await analyst.PostAsync(new Uri("/api/feedback", UriKind.Relative), JsonContent.Create(new
            {
                kind = "kien-nghi",
                subject = "Thủ tục đăng ký kinh doanh",
                content = "Nhập thử bằng khóa phân tích.",
                channel,
                submitter = new { name = "Lê Thị D", phone = "0907 000 111" },
            }), TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        // A public submission sent after them is stored, and the queue is empty: anything they had queued is stored by now.
        await _fixture.SubmitAndWaitAsync("Sentinel");
        await QueueState.WaitUntilEmptyAsync(_fixture.Queue("feedback"), TimeSpan.FromSeconds(30));
        var after = await CountCasesAsync(admin);
        Assert.Equal(before + 1, after);
    }

    /// <summary>Every case of the province, page by page.</summary>
    private static async Task<int> CountCasesAsync(HttpClient admin)
    {
        var count = 0;
        string? token = null;
        do
        {
            var page = await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/feedback?pageSize=100" + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}"), UriKind.Relative), TestContext.Current.CancellationToken);
            count += page.GetProperty("items").GetArrayLength();
            token = page.GetProperty("continuationToken").GetString();
        }
        while (token is not null);
        return count;
    }
}
