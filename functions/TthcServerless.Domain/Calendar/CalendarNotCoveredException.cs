using System.Globalization;

namespace TthcServerless.Domain.Calendar;

/// <summary>
/// A working-day question reached a date whose year the calendar has no data for. The calendar never guesses that
/// such a year is an ordinary one: an administrator must add the year (even as provisional) first.
/// </summary>
public sealed class CalendarNotCoveredException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public CalendarNotCoveredException()
        : base("Lịch ngày làm việc chưa có dữ liệu cho ngày này. / The working-day calendar has no data for this date.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CalendarNotCoveredException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public CalendarNotCoveredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a day outside the covered years, with a Vietnamese and English message.</summary>
    public CalendarNotCoveredException(DateOnly day, IReadOnlyCollection<int> coveredYears)
        : base(MessageFor(day, coveredYears))
    {
        Day = day;
    }

    /// <summary>The day that was asked about or reached, when known.</summary>
    public DateOnly? Day { get; }

    /// <summary>The year an administrator must add, when known.</summary>
    public int? Year => Day?.Year;

    private static string MessageFor(DateOnly day, IReadOnlyCollection<int> coveredYears)
    {
        ArgumentNullException.ThrowIfNull(coveredYears);
        var date = day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        var covered = coveredYears.Count == 0
            ? "—"
            : string.Join(", ", coveredYears.Order().Select(year => year.ToString(CultureInfo.InvariantCulture)));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Lịch ngày làm việc chưa có dữ liệu năm {day.Year} (ngày {date}); quản trị viên cần bổ sung lịch nghỉ lễ, Tết năm {day.Year}. Các năm đã có: {covered}. / " +
            $"The working-day calendar has no data for {day.Year} (date {day:yyyy-MM-dd}); an administrator must add that year's holiday schedule. Covered years: {covered}.");
    }
}
