using TthcServerless.Domain.Calendar;

namespace TthcServerless.Domain.Tests.Calendar;

/// <summary>Reading and writing calendar data as JSON, the form administrator extensions are stored in.</summary>
public sealed class HolidayCalendarJsonTests
{
    private const string ValidExtension = """
        {
          "version": "admin-2026-12-01",
          "years": [
            {
              "year": 2027,
              "status": "confirmed",
              "mode": "replace",
              "basis": "Thông báo giả định",
              "entries": [
                { "date": "2027-01-01", "kind": "holiday", "name": "Tết Dương lịch", "basis": "BLLĐ 2019 Điều 112(1)(a)" },
                { "date": "2027-01-02", "kind": "make-up-working-day", "name": "Làm bù", "basis": "Giả định", "url": "https://example.gov.vn/thong-bao" }
              ]
            }
          ]
        }
        """;

    [Fact]
    public void An_extension_is_read_from_JSON_with_kebab_case_kinds()
    {
        var data = HolidayCalendarData.FromJson(ValidExtension);

        var year = Assert.Single(data.Years);
        Assert.Equal(CalendarYearMode.Replace, year.Mode);
        Assert.Equal(CalendarYearStatus.Confirmed, year.Status);
        Assert.Equal(CalendarDayKind.MakeUpWorkingDay, year.Entries[1].Kind);
        Assert.Equal(new Uri("https://example.gov.vn/thong-bao"), year.Entries[1].Url);
    }

    [Fact]
    public void An_extension_round_trips_through_JSON()
    {
        var json = HolidayCalendarData.FromJson(ValidExtension).ToJson();

        Assert.Equal(json, HolidayCalendarData.FromJson(json).ToJson());
        Assert.Contains("\"make-up-working-day\"", json, StringComparison.Ordinal);
        Assert.Contains("\"replace\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("isWorkingDay", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_year_without_a_mode_merges()
    {
        var data = HolidayCalendarData.FromJson("""
            { "version": "v", "years": [ { "year": 2026, "status": "confirmed", "basis": "b", "entries": [] } ] }
            """);

        Assert.Equal(CalendarYearMode.Merge, Assert.Single(data.Years).Mode);
        Assert.DoesNotContain("\"mode\"", data.ToJson(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ not json", "not in the expected JSON format")]
    [InlineData("null", "empty")]
    [InlineData("""{ "years": [] }""", "version")]
    [InlineData("""{ "version": "v", "years": [ { "year": 2026, "status": "confirmed", "basis": "b" } ] }""", "entries")]
    [InlineData("""{ "version": "v", "years": [ { "year": 2026, "status": "confirmed", "basis": "b", "entries": [ { "date": "2026-11-23", "kind": "day-off", "name": null, "basis": "b" } ] } ] }""", "name")]
    [InlineData("""{ "version": "v", "years": [ { "year": 2026, "status": "confirmed", "basis": "b", "entries": [ { "date": "2026-11-23", "kind": "bank-holiday", "name": "n", "basis": "b" } ] } ] }""", "kind")]
    [InlineData("""{ "version": "v", "years": [ { "year": 2026, "status": "confirmed", "basis": "b", "entries": [ { "date": "2026-11-23", "kind": 0, "name": "n", "basis": "b" } ] } ] }""", "kind")]
    [InlineData("""{ "version": "v", "years": [ { "year": 2026, "status": "maybe", "basis": "b", "entries": [] } ] }""", "status")]
    [InlineData("""{ "version": "v", "years": [ { "year": 2026, "status": "confirmed", "basis": "b", "entries": [ { "date": "2026-02-30", "kind": "day-off", "name": "n", "basis": "b" } ] } ] }""", "date")]
    [InlineData("""{ "version": "v", "years": [ { "year": 2026, "status": "confirmed", "basis": "b", "entries": [ { "date": "2026-11-23", "knd": "day-off", "name": "n", "basis": "b" } ] } ] }""", "knd")]
    [InlineData("""{ "version": "v", "years": [ { "year": 2026, "status": "confirmed", "basis": "b", "entries": [ null ] } ] }""", "Entry #1 of year 2026 is null")]
    [InlineData("""{ "version": "v", "years": [ { "year": 2026, "status": "confirmed", "basis": "b", "entries": [ { "date": "2026-11-23", "kind": "day-off", "name": "n", "basis": "b", "url": "thong-bao.html" } ] } ] }""", "not an absolute http(s) address")]
    public void Malformed_data_is_refused_with_a_clear_error(string json, string expected)
    {
        var exception = Assert.Throws<CalendarDataException>(() => HolidayCalendarData.FromJson(json));

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_read_from_a_stream_is_validated_too()
    {
        using var stream = new MemoryStream("""{ "version": "v", "years": [] }"""u8.ToArray());

        var exception = Assert.Throws<CalendarDataException>(() => HolidayCalendarData.FromJson(stream));

        Assert.Contains("The data states no year.", exception.Problems);
    }
}
