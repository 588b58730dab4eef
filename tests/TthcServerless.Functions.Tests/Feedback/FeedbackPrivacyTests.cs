using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;

namespace TthcServerless.Functions.Tests.Feedback;

/// <summary>
/// The sender's name, phone, email and address: kept apart from the case, shown to the office and the assigned agency
/// only, never in a public answer, a list or a log line.
/// </summary>
public sealed class FeedbackPrivacyTests : IClassFixture<FeedbackFixture>
{
    private const string Phone = "0901 234 567";
    private readonly FeedbackFixture _fixture;

    public FeedbackPrivacyTests(FeedbackFixture fixture)
    {
        _fixture = fixture;
        fixture.Clock.Set(new DateTimeOffset(2026, 6, 8, 10, 0, 0, TimeSpan.FromHours(7)));
    }

    /// <summary>Every value the sender gave that is theirs: the marker is in the name, email and address.</summary>
    private static string[] PersonalValues(string marker) => [marker, marker.ToLowerInvariant(), Phone, "234 567"];

    private static string Marker() => "Zq" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Tracking_answers_carry_no_personal_data_at_any_stage()
    {
        var marker = Marker();
        var code = await _fixture.SubmitAndWaitAsync(marker);
        AssertPublicSafe(await _fixture.WaitForCaseAsync(code), marker);

        using var admin = _fixture.App.AdminClient();
        using var justice = _fixture.Agency(FeedbackFixture.Justice);
        await FeedbackFixture.MoveOkAsync(admin, code, "receive");
        await FeedbackFixture.MoveOkAsync(admin, code, "classify", new { inScope = true, topic = "regulation" });
        await FeedbackFixture.MoveOkAsync(admin, code, "assign", new { agencyId = FeedbackFixture.Justice, note = "Ghi chú nội bộ của cán bộ" });
        await FeedbackFixture.MoveOkAsync(justice, code, "start-handling");
        await FeedbackFixture.MoveOkAsync(justice, code, "answer", new { text = "Nội dung trả lời công khai.", documentReference = "9/STP" });
        await FeedbackFixture.MoveOkAsync(admin, code, "publish");

        var published = await _fixture.WaitForCaseAsync(code);
        AssertPublicSafe(published, marker);
        Assert.DoesNotContain("Ghi chú nội bộ", published.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("Nội dung trả lời công khai.", published.GetProperty("answer").GetProperty("text").GetString());
    }

    [Fact]
    public async Task The_202_answer_carries_only_the_code()
    {
        var marker = Marker();
        using var client = _fixture.Public();

        using var response = await client.PostAsync(new Uri("/api/feedback", UriKind.Relative), JsonContent.Create(FeedbackFixture.Submission(marker)), TestContext.Current.CancellationToken);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        Assert.Matches("^PAKN-[A-Z0-9]{4}-[A-Z0-9]{4}$", accepted.GetProperty("trackingCode").GetString());
        Assert.Equal($"/api/feedback/track/{accepted.GetProperty("trackingCode").GetString()}", response.Headers.Location?.OriginalString);
        foreach (var value in PersonalValues(marker))
        {
            Assert.DoesNotContain(value, accepted.GetRawText(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Logs_written_while_feedback_is_submitted_stored_tracked_and_read_hold_none_of_the_senders_values()
    {
        var marker = Marker();
        var before = _fixture.Logs.Lines.Count;

        var code = await _fixture.SubmitAndWaitAsync(marker);
        using (var admin = _fixture.App.AdminClient())
        {
            var read = await FeedbackFixture.GetCaseAsync(admin, code);
            Assert.Contains(marker, read.GetProperty("submitter").GetProperty("name").GetString(), StringComparison.Ordinal);
        }

        var lines = _fixture.Logs.Lines.Skip(before).ToList();
        Assert.Contains(lines, l => l.Contains(code, StringComparison.Ordinal));   // the capture works: ingestion logged the code
        foreach (var value in PersonalValues(marker).Append(FeedbackFixture.Content))
        {
            Assert.DoesNotContain(lines, l => l.Contains(value, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Lists_never_carry_the_sender_even_for_the_office()
    {
        var marker = Marker();
        var code = await _fixture.SubmitAndWaitAsync(marker);
        using var admin = _fixture.App.AdminClient();

        var page = await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/feedback?submittedFrom=2026-06-08&submittedTo=2026-06-08&pageSize=100", UriKind.Relative), TestContext.Current.CancellationToken);

        var item = Assert.Single(page.GetProperty("items").EnumerateArray(), i => i.GetProperty("trackingCode").GetString() == code);
        Assert.Equal(JsonValueKind.Null, item.GetProperty("submitter").ValueKind);
        Assert.DoesNotContain(marker, page.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_contact_is_stored_apart_from_the_case()
    {
        var marker = Marker();
        var code = await _fixture.SubmitAndWaitAsync(marker);

        var caseRows = await RowsAsync(_fixture.Table("FeedbackCases"), code);
        var contactRows = await AllAsync(_fixture.Table("FeedbackContacts"));

        Assert.Equal(2, caseRows.Count); // the case and its first audit line
        foreach (var row in caseRows)
        {
            foreach (var (key, value) in row)
            {
                Assert.False(value?.ToString()?.Contains(marker, StringComparison.Ordinal) == true, $"{key} holds personal data");
                Assert.False(value?.ToString()?.Contains(Phone, StringComparison.Ordinal) == true, $"{key} holds personal data");
            }
        }

        var contact = Assert.Single(contactRows, r => r.GetString("Name")?.Contains(marker, StringComparison.Ordinal) == true);
        Assert.Equal(Phone, contact.GetString("Phone"));
        Assert.Equal(caseRows.Single(r => r.GetString("RowType") == "case").RowKey, contact.RowKey);
    }

    private static void AssertPublicSafe(JsonElement tracking, string marker)
    {
        var raw = tracking.GetRawText();
        foreach (var value in PersonalValues(marker).Append(FeedbackFixture.Content))
        {
            Assert.DoesNotContain(value, raw, StringComparison.Ordinal);
        }

        var names = new List<string>();
        Collect(tracking, names);
        foreach (var forbidden in new[] { "submitter", "name", "phone", "email", "address", "organisation", "content", "note", "history", "actor" })
        {
            Assert.DoesNotContain(forbidden, names);
        }
    }

    private static void Collect(JsonElement element, List<string> names)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                names.Add(property.Name);
                Collect(property.Value, names);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Collect(item, names);
            }
        }
    }

    private static async Task<List<TableEntity>> RowsAsync(TableClient table, string code)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Code eq {code}")))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static async Task<List<TableEntity>> AllAsync(TableClient table)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }
}
