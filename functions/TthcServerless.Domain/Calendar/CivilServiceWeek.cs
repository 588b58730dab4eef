namespace TthcServerless.Domain.Calendar;

/// <summary>
/// The civil service's 40-hour week, Monday to Friday, with Saturday and Sunday as weekly rest days
/// (QĐ 188/1999/QĐ-TTg).
/// </summary>
internal static class CivilServiceWeek
{
    public static bool IsRestDay(DateOnly day) => day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
}
