using System.Globalization;

namespace TthcServerless.Domain.Calendar;

/// <summary>The rules every source of calendar data must satisfy, shipped or administrator-provided.</summary>
internal static class HolidayCalendarDataRules
{
    private const int MaximumProblemsInMessage = 20;

    public static void ThrowIfInvalid(HolidayCalendarData? data, string sourceName)
    {
        var problems = FindProblems(data);
        if (problems.Count == 0)
        {
            return;
        }

        var shown = string.Join(Environment.NewLine, problems.Take(MaximumProblemsInMessage).Select(problem => "- " + problem));
        var more = problems.Count > MaximumProblemsInMessage
            ? string.Create(CultureInfo.InvariantCulture, $"{Environment.NewLine}- … and {problems.Count - MaximumProblemsInMessage} more")
            : string.Empty;
        throw new CalendarDataException(
            string.Create(CultureInfo.InvariantCulture, $"{sourceName} breaks {problems.Count} rule(s):{Environment.NewLine}{shown}{more}"),
            problems);
    }

    public static IReadOnlyList<string> FindProblems(HolidayCalendarData? data)
    {
        var problems = new List<string>();
        if (data is null)
        {
            problems.Add("There is no data.");
            return problems;
        }

        if (string.IsNullOrWhiteSpace(data.Version))
        {
            problems.Add("The version is missing.");
        }

        if (data.Years is null || data.Years.Count == 0)
        {
            problems.Add("The data states no year.");
            return problems;
        }

        var years = new HashSet<int>();
        for (var index = 0; index < data.Years.Count; index++)
        {
            var year = data.Years[index];
            if (year is null)
            {
                problems.Add(Invariant($"Year #{index + 1} is null."));
                continue;
            }

            if (year.Year is < HolidayCalendarData.MinimumYear or > HolidayCalendarData.MaximumYear)
            {
                problems.Add(Invariant($"Year {year.Year} is outside {HolidayCalendarData.MinimumYear}–{HolidayCalendarData.MaximumYear}."));
                continue;
            }

            if (!years.Add(year.Year))
            {
                problems.Add(Invariant($"Year {year.Year} appears more than once."));
            }

            FindYearProblems(year, problems);
        }

        return problems;
    }

    private static void FindYearProblems(HolidayCalendarYear year, List<string> problems)
    {
        if (!Enum.IsDefined(year.Status))
        {
            problems.Add(Invariant($"Year {year.Year} has an unknown status {(int)year.Status}."));
        }

        if (!Enum.IsDefined(year.Mode))
        {
            problems.Add(Invariant($"Year {year.Year} has an unknown mode {(int)year.Mode}."));
        }

        if (string.IsNullOrWhiteSpace(year.Basis))
        {
            problems.Add(Invariant($"Year {year.Year} has no basis (the decision or rule it rests on)."));
        }

        if (year.Entries is null)
        {
            problems.Add(Invariant($"Year {year.Year} has no entries list."));
            return;
        }

        var dates = new HashSet<DateOnly>();
        for (var index = 0; index < year.Entries.Count; index++)
        {
            var entry = year.Entries[index];
            if (entry is null)
            {
                problems.Add(Invariant($"Entry #{index + 1} of year {year.Year} is null."));
                continue;
            }

            FindEntryProblems(year.Year, entry, problems);
            if (!dates.Add(entry.Date))
            {
                problems.Add(Invariant($"{Format(entry.Date)} appears more than once."));
            }
        }
    }

    private static void FindEntryProblems(int year, HolidayCalendarEntry entry, List<string> problems)
    {
        var date = Format(entry.Date);
        if (entry.Date.Year != year)
        {
            problems.Add(Invariant($"{date} is listed under year {year}."));
        }

        if (!Enum.IsDefined(entry.Kind))
        {
            problems.Add(Invariant($"{date} has an unknown kind {(int)entry.Kind}."));
        }

        if (string.IsNullOrWhiteSpace(entry.Name))
        {
            problems.Add(Invariant($"{date} has no name."));
        }

        if (string.IsNullOrWhiteSpace(entry.Basis))
        {
            problems.Add(Invariant($"{date} has no basis (the article, decision or rule)."));
        }

        if (entry.Url is { } url && !(url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)))
        {
            problems.Add(Invariant($"{date} has a URL that is not an absolute http(s) address: '{url.OriginalString}'."));
        }

        var weekend = CivilServiceWeek.IsRestDay(entry.Date);
        if (entry.Kind == CalendarDayKind.MakeUpWorkingDay && !weekend)
        {
            problems.Add(Invariant($"{date} is a {entry.Date.DayOfWeek}; a make-up working day must be a Saturday or Sunday."));
        }

        if (entry.Kind == CalendarDayKind.Compensatory && weekend)
        {
            problems.Add(Invariant($"{date} is a {entry.Date.DayOfWeek}; a compensatory day off must be Monday to Friday."));
        }
    }

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
