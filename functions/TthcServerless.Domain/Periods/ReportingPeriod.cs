using System.Globalization;
using System.Text.RegularExpressions;

namespace TthcServerless.Domain.Periods;

/// <summary>The kinds of periodic report (Nghị định 09/2019/NĐ-CP Art 12, plus the 9-month report provinces use).</summary>
public enum ReportingPeriodType
{
    Month,
    Quarter,
    HalfYear,
    NineMonths,
    Year,
}

/// <summary>
/// One reporting period and its data cut-off window (both ends inclusive). <see cref="Id"/> is the stable wire form:
/// <c>2022-03</c>, <c>2022-Q1</c>, <c>2022-H1</c>, <c>2022-H2</c>, <c>2022-9M</c>, <c>2022</c>.
/// </summary>
public sealed partial record ReportingPeriod(ReportingPeriodType Type, int Year, int Number, DateOnly Start, DateOnly End)
{
    public string Id => Type switch
    {
        ReportingPeriodType.Month => $"{Year}-{Number:D2}",
        ReportingPeriodType.Quarter => $"{Year}-Q{Number}",
        ReportingPeriodType.HalfYear => $"{Year}-H{Number}",
        ReportingPeriodType.NineMonths => $"{Year}-9M",
        _ => Year.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>As a report names it: "Tháng 03/2022", "Quý I/2022", "6 tháng đầu năm 2022", "9 tháng năm 2022", "Năm 2022".</summary>
    public string Label => Type switch
    {
        ReportingPeriodType.Month => $"Tháng {Number:D2}/{Year}",
        ReportingPeriodType.Quarter => $"Quý {Roman(Number)}/{Year}",
        ReportingPeriodType.HalfYear => Number == 1 ? $"6 tháng đầu năm {Year}" : $"6 tháng cuối năm {Year}",
        ReportingPeriodType.NineMonths => $"9 tháng năm {Year}",
        _ => $"Năm {Year}",
    };

    public bool Contains(DateOnly day) => day >= Start && day <= End;

    /// <summary>Parses a period id; null when it is not one.</summary>
    public static (ReportingPeriodType Type, int Year, int Number)? ParseId(string? id)
    {
        var match = id is null ? Match.Empty : IdPattern().Match(id);
        if (!match.Success)
        {
            return null;
        }

        var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
        var rest = match.Groups["rest"].Value;
        return rest switch
        {
            "" => (ReportingPeriodType.Year, year, 1),
            "9M" => (ReportingPeriodType.NineMonths, year, 1),
            ['Q', var q] when q is >= '1' and <= '4' => (ReportingPeriodType.Quarter, year, q - '0'),
            ['H', var h] when h is '1' or '2' => (ReportingPeriodType.HalfYear, year, h - '0'),
            [var a, var b] when char.IsAsciiDigit(a) && char.IsAsciiDigit(b) && int.Parse(rest, CultureInfo.InvariantCulture) is >= 1 and <= 12 and var month
                => (ReportingPeriodType.Month, year, month),
            _ => null,
        };
    }

    private static string Roman(int number) => number switch { 1 => "I", 2 => "II", 3 => "III", _ => "IV" };

    // ASCII digits only and \z, not $ (which also matches before a final line break): an id is exact (docs/api.md).
    [GeneratedRegex(@"^(?<year>20[0-9]{2})(-(?<rest>[0-9]{2}|Q[0-9]|H[0-9]|9M))?\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
