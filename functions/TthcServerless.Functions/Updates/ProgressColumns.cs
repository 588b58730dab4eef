using System.Globalization;
using Azure.Data.Tables;
using TthcServerless.Domain.Progress;

namespace TthcServerless.Functions.Updates;

/// <summary>
/// How a report's dates and output document are written in a row; history rows and snapshots use the same columns.
/// </summary>
internal static class ProgressColumns
{
    public static void WriteDocument(TableEntity entity, OutputDocument? document)
    {
        entity["OutputNumber"] = document?.Number;
        entity["OutputDate"] = Iso(document?.Date);
        entity["OutputTitle"] = document?.Title;
    }

    public static OutputDocument? ReadDocument(TableEntity entity)
    {
        var number = entity.GetString("OutputNumber");
        var date = ParseDate(entity.GetString("OutputDate"));
        var title = entity.GetString("OutputTitle");
        return number is null && date is null && title is null ? null : new OutputDocument(number, date, title);
    }

    public static string? Iso(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly? ParseDate(string? text) => text is null ? null : DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
