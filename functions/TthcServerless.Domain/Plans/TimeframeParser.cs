using System.Globalization;
using System.Text.RegularExpressions;
using TthcServerless.Domain.Text;

namespace TthcServerless.Domain.Plans;

/// <summary>What a timeframe phrase is read against: the plan's year (for "Tháng 12", "Trước ngày 15/12") and, when
/// known, the day the plan was issued (for "Từ nay …").</summary>
public sealed record TimeframeContext(int PlanYear, DateOnly? IssuedOn = null);

/// <summary>
/// Reads the "Thời gian thực hiện" cell of a plan into a <see cref="Timeframe"/>. It never throws on text: a phrase it
/// does not understand becomes <see cref="TimeframeKind.Unscheduled"/> with a warning, and the original text is kept.
/// Deadlines are the last day that counts: a month ends on its last day, a quarter on 31/3, 30/6, 30/9 or 31/12, a year
/// on 31/12; "Trước ngày dd/mm/yyyy" ("before") is due the day before that date.
/// </summary>
public static partial class TimeframeParser
{
    // Case is kept in the text so references ("Văn phòng Chính phủ") come back as written.
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    /// <summary>The years a plan's dates may name; outside them ("năm 0000") the date is a typo, read as unscheduled.</summary>
    public const int MinYear = 1900;

    public const int MaxYear = 2200;

    public static Timeframe Parse(string? text, TimeframeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var original = VietnameseText.Clean(text);
        if (original.Length == 0)
        {
            return Unscheduled(original, "Ô thời gian thực hiện để trống.");
        }

        // Only 0–9 are digits here ([0-9], never \d, in every pattern): other digits are named, not read or crashed on.
        if (original.Any(c => char.IsDigit(c) && !char.IsAsciiDigit(c)))
        {
            return Unscheduled(original,
                $"Thời gian thực hiện \"{original}\" có chữ số không phải 0–9 (chữ số Ả Rập – Ấn Độ hoặc toàn khổ); hãy gõ lại bằng chữ số thường. Nhiệm vụ được ghi nhận là chưa có lịch.");
        }

        var working = Canonical(original);

        // "(Cấp xã: 02/2022)" — level-specific due dates, read before the main phrase.
        var levelDueDates = new List<LevelDueDate>();
        var warnings = new List<string>();
        working = LevelOverride().Replace(working, match =>
        {
            var found = ReadLevelOverrides(match.Groups["items"].Value, context, warnings);
            levelDueDates.AddRange(found);
            return found.Count > 0 ? " " : match.Value;
        }).Trim();

        var parsed = ParseMain(working, context);
        if (parsed.Kind == TimeframeKind.Unscheduled)
        {
            warnings.Insert(0, $"Không đọc được thời gian thực hiện \"{original}\"; nhiệm vụ được ghi nhận là chưa có lịch.");
        }

        return parsed with
        {
            Text = original,
            LevelDueDates = levelDueDates,
            Warning = warnings.Count == 0 ? null : string.Join(" ", warnings),
        };
    }

    /// <summary>
    /// "Cấp huyện: 04/2022; cấp xã: 05/2022", "Cấp huyện, cấp xã: 02/2022", "Cấp huyện và xã: 02/2022": every level
    /// listed before a date gets that date. A piece that names no level or no readable date is reported, not dropped.
    /// </summary>
    private static List<LevelDueDate> ReadLevelOverrides(string items, TimeframeContext context, List<string> warnings)
    {
        var found = new List<LevelDueDate>();
        var pendingLevels = new List<string>();
        foreach (var piece in LevelSeparator().Split(items).Select(p => p.Trim()).Where(p => p.Length > 0))
        {
            var colon = piece.IndexOf(':', StringComparison.Ordinal);
            var levelText = (colon < 0 ? piece : piece[..colon]).Trim();
            var level = LevelName().Match(levelText);
            if (!level.Success)
            {
                warnings.Add($"Không đọc được cấp \"{piece}\" trong thời gian thực hiện.");
                continue;
            }

            pendingLevels.Add(VietnameseText.Clean("Cấp " + level.Groups["level"].Value));
            if (colon < 0)
            {
                continue;
            }

            var when = piece[(colon + 1)..].Trim();
            if (TryParsePeriod(when, context, out _, out var end, out var precision))
            {
                found.AddRange(pendingLevels.Select(name => new LevelDueDate(name, end, precision)));
            }
            else
            {
                warnings.Add($"Không đọc được thời hạn \"{when}\" của {string.Join(", ", pendingLevels)}; cấp này theo thời hạn chung.");
            }

            pendingLevels.Clear();
        }

        if (pendingLevels.Count > 0)
        {
            warnings.Add($"{string.Join(", ", pendingLevels)} trong thời gian thực hiện không kèm thời hạn; cấp này theo thời hạn chung.");
        }

        return found;
    }

    private static Timeframe ParseMain(string s, TimeframeContext context)
    {
        // "15 ngày làm việc kể từ ngày nhận đầy đủ báo cáo": relative to an event.
        if (RelativeWorkingDays().Match(s) is { Success: true } relative)
        {
            return New(TimeframeKind.EventDriven) with
            {
                Trigger = EventTriggerKind.AfterEvent,
                WorkingDays = int.Parse(relative.Groups["n"].Value, CultureInfo.InvariantCulture),
                Reference = relative.Groups["event"].Value.Trim(),
            };
        }

        if (EventDriven(s) is { } eventDriven)
        {
            return eventDriven;
        }

        // "Năm 2025 và các năm tiếp theo", "Quý IV năm 2025 và các năm tiếp theo": a first period, then every year.
        if (AndFollowingYears().Match(s) is { Success: true } following)
        {
            var head = StripLeadingVerbs(following.Groups["head"].Value);
            if (TryParseRange(head, context, out var start, out var end, out var precision) || TryParsePeriod(head, context, out start, out end, out precision))
            {
                return New(TimeframeKind.Recurring) with { Recurrence = RecurrenceKind.Yearly, StartDate = start, DueDate = end, Precision = precision };
            }
        }

        if (Recurring(s, context) is { } recurring)
        {
            return recurring;
        }

        var core = StripLeadingVerbs(s);

        // "Từ tháng 10/2025 đến khi tổ chức thành công Đại hội …": a window that ends with an event.
        if (UntilEvent().Match(core) is { Success: true } untilEvent && TryParsePeriod(untilEvent.Groups["from"].Value, context, out var eventStart, out _, out _))
        {
            return New(TimeframeKind.Window) with { StartDate = eventStart, EndEvent = untilEvent.Groups["event"].Value.Trim() };
        }

        // "Từ nay đến hết năm 2025".
        if (FromNowUntil().Match(core) is { Success: true } fromNow && TryParsePeriod(fromNow.Groups["to"].Value, context, out _, out var nowEnd, out var nowPrecision))
        {
            return New(TimeframeKind.Window) with { StartDate = context.IssuedOn, DueDate = nowEnd, Precision = nowPrecision };
        }

        if (TryParseRange(core, context, out var rangeStart, out var rangeEnd, out var rangePrecision))
        {
            return New(TimeframeKind.Window) with { StartDate = rangeStart, DueDate = rangeEnd, Precision = rangePrecision };
        }

        // "Từ 01/7/2025": open-ended from a date.
        if (FromOnly().Match(core) is { Success: true } from && TryParsePeriod(from.Groups["from"].Value, context, out var openStart, out _, out _))
        {
            return New(TimeframeKind.Window) with { StartDate = openStart };
        }

        // "Trước ngày 30/11/2025" is due the day before; "Trước ngày 15/12" (no year) repeats every year.
        if (Before().Match(core) is { Success: true } before)
        {
            var day = int.Parse(before.Groups["d"].Value, CultureInfo.InvariantCulture);
            var month = int.Parse(before.Groups["m"].Value, CultureInfo.InvariantCulture);
            var hasYear = before.Groups["y"].Success;
            var year = hasYear ? int.Parse(before.Groups["y"].Value, CultureInfo.InvariantCulture) : context.PlanYear;
            if (TryDate(year, month, day, out var limit))
            {
                var due = limit.AddDays(-1);
                return hasYear
                    ? New(TimeframeKind.Deadline) with { DueDate = due, Precision = DatePrecision.Day }
                    : New(TimeframeKind.Recurring) with { Recurrence = RecurrenceKind.Yearly, DueDate = due, Precision = DatePrecision.Day };
            }
        }

        // "Chậm nhất ngày …", "Tháng 01/2022", "Quý I/2022", "Năm 2026", "6 tháng đầu năm 2026".
        var deadline = LatestBy().Replace(core, string.Empty).Trim();
        if (TryParsePeriod(deadline, context, out var periodStart, out var periodEnd, out var periodPrecision))
        {
            return New(TimeframeKind.Deadline) with
            {
                StartDate = periodPrecision == DatePrecision.Day ? null : periodStart,
                DueDate = periodEnd,
                Precision = periodPrecision,
            };
        }

        return New(TimeframeKind.Unscheduled);
    }

    private static Timeframe? EventDriven(string s)
    {
        (EventTriggerKind Trigger, Regex Pattern)[] rules =
        [
            (EventTriggerKind.Plan, ByPlan()),
            (EventTriggerKind.Invitation, ByInvitation()),
            (EventTriggerKind.Guidance, ByGuidance()),
            (EventTriggerKind.Progress, ByProgress()),
            (EventTriggerKind.AfterEvent, AfterEvent()),
            (EventTriggerKind.Occurrence, OnOccurrence()),
        ];

        foreach (var (trigger, pattern) in rules)
        {
            if (pattern.Match(s) is { Success: true } match)
            {
                var reference = Regex.Replace(match.Groups["ref"].Value, @"^\s*(của|do)\s+", string.Empty, Options).Trim(' ', ',', '.');
                return New(TimeframeKind.EventDriven) with { Trigger = trigger, Reference = reference.Length == 0 ? null : reference };
            }
        }

        return null;
    }

    private static Timeframe? Recurring(string s, TimeframeContext context)
    {
        var cadence = CadenceIn(s);
        var planYearKnown = IsPlausibleYear(context.PlanYear);
        if (Continuous().IsMatch(s))
        {
            return New(TimeframeKind.Recurring) with { Recurrence = RecurrenceKind.Continuous, ReportingCadence = cadence };
        }

        if (PeriodicOrOnDemand().IsMatch(s))
        {
            return New(TimeframeKind.Recurring) with { Recurrence = RecurrenceKind.PeriodicOrOnDemand };
        }

        if (TimesPer().Match(s) is { Success: true } times)
        {
            return New(TimeframeKind.Recurring) with
            {
                Recurrence = times.Groups["per"].Value.ToLowerInvariant() switch { "tháng" => RecurrenceKind.Monthly, "quý" => RecurrenceKind.Quarterly, _ => RecurrenceKind.Yearly },
                TimesPerPeriod = int.Parse(times.Groups["n"].Value, CultureInfo.InvariantCulture),
            };
        }

        // "Từ tháng 3 đến tháng 11 hằng năm", "08 tháng (từ tháng 3 đến tháng 10)".
        if (planYearKnown && MonthSpan().Match(s) is { Success: true } span)
        {
            var first = int.Parse(span.Groups["a"].Value, CultureInfo.InvariantCulture);
            var last = int.Parse(span.Groups["b"].Value, CultureInfo.InvariantCulture);
            if (first is >= 1 and <= 12 && last is >= 1 and <= 12 && first <= last)
            {
                return New(TimeframeKind.Recurring) with
                {
                    Recurrence = RecurrenceKind.Yearly,
                    Months = [.. Enumerable.Range(first, last - first + 1)],
                    StartDate = new DateOnly(context.PlanYear, first, 1),
                    DueDate = MonthEnd(context.PlanYear, last),
                    Precision = DatePrecision.Month,
                };
            }
        }

        // "02 tháng (tháng 4 và tháng 8)".
        if (planYearKnown && MonthList().Match(s) is { Success: true } list)
        {
            var months = MonthNumber().Matches(list.Groups["list"].Value).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Where(m => m is >= 1 and <= 12).ToList();
            if (months.Count > 0)
            {
                return New(TimeframeKind.Recurring) with { Recurrence = RecurrenceKind.Yearly, Months = months, DueDate = MonthEnd(context.PlanYear, months[^1]), Precision = DatePrecision.Month };
            }
        }

        // "Tháng 12 hằng năm".
        if (planYearKnown && MonthEveryYear().Match(s) is { Success: true } monthly && int.Parse(monthly.Groups["m"].Value, CultureInfo.InvariantCulture) is >= 1 and <= 12 and var month)
        {
            return New(TimeframeKind.Recurring) with { Recurrence = RecurrenceKind.Yearly, Months = [month], DueDate = MonthEnd(context.PlanYear, month), Precision = DatePrecision.Month };
        }

        if (OnDemandOnly().IsMatch(s))
        {
            return New(TimeframeKind.Recurring) with { Recurrence = RecurrenceKind.OnDemand };
        }

        if (HalfYearAndYear().IsMatch(s))
        {
            return New(TimeframeKind.Recurring) with { Recurrence = RecurrenceKind.HalfYearly, ReportingCadence = RecurrenceKind.Yearly };
        }

        // A bare cadence: "Hằng năm", "Hằng quý", "Định kỳ hằng tháng", "Định kỳ".
        if (BareCadence().IsMatch(s))
        {
            return New(TimeframeKind.Recurring) with { Recurrence = cadence ?? RecurrenceKind.Periodic };
        }

        return null;
    }

    private static RecurrenceKind? CadenceIn(string s) =>
        s switch
        {
            _ when Regex.IsMatch(s, @"h[ằà]ng\s+tháng", Options) => RecurrenceKind.Monthly,
            _ when Regex.IsMatch(s, @"h[ằà]ng\s+quý", Options) => RecurrenceKind.Quarterly,
            _ when Regex.IsMatch(s, @"(h[ằà]ng\s+)?6\s+tháng", Options) => RecurrenceKind.HalfYearly,
            _ when Regex.IsMatch(s, @"h[ằà]ng\s+năm", Options) => RecurrenceKind.Yearly,
            _ => null,
        };

    /// <summary>"X - Y", "X đến Y", "từ X đến hết Y" where X and Y are periods.</summary>
    private static bool TryParseRange(string s, TimeframeContext context, out DateOnly start, out DateOnly end, out DatePrecision precision)
    {
        start = end = default;
        precision = DatePrecision.Year;
        var match = Range().Match(s);
        if (!match.Success)
        {
            return false;
        }

        var fromText = match.Groups["from"].Value;
        var toText = match.Groups["to"].Value.Trim();
        if (!TryParsePeriod(fromText, context, out start, out var fromEnd, out var fromPrecision))
        {
            return false;
        }

        // "Năm 2025 - 2026": the second bound inherits the unit of the first.
        if (Regex.IsMatch(toText, @"^[0-9]{4}$", Options) && fromPrecision != DatePrecision.Year)
        {
            return false;
        }

        if (!TryParsePeriod(toText, context, out _, out end, out precision) || end < fromEnd)
        {
            return false;
        }

        return true;
    }

    /// <summary>A single period: a day, a month, a quarter, a half-year or a year, with its first and last day.</summary>
    private static bool TryParsePeriod(string text, TimeframeContext context, out DateOnly start, out DateOnly end, out DatePrecision precision)
    {
        var s = StripLeadingVerbs(text).Trim(' ', '.', ',', ':');
        s = Regex.Replace(s, @"^(từ\s+)?(giai\s+đoạn|năm)\s+(?=[0-9]{4}\b)", string.Empty, Options);
        start = end = default;
        precision = DatePrecision.Day;

        if (Day().Match(s) is { Success: true } day
            && TryDate(Year(day.Groups["y"].Value), int.Parse(day.Groups["m"].Value, CultureInfo.InvariantCulture), int.Parse(day.Groups["d"].Value, CultureInfo.InvariantCulture), out var date))
        {
            start = end = date;
            precision = DatePrecision.Day;
            return true;
        }

        if (Month().Match(s) is { Success: true } month && int.Parse(month.Groups["m"].Value, CultureInfo.InvariantCulture) is >= 1 and <= 12 and var m)
        {
            var year = month.Groups["y"].Success ? Year(month.Groups["y"].Value) : context.PlanYear;
            if (!IsPlausibleYear(year))
            {
                return false;
            }

            start = new DateOnly(year, m, 1);
            end = MonthEnd(year, m);
            precision = DatePrecision.Month;
            return true;
        }

        if (Quarter().Match(s) is { Success: true } quarter && RomanOrDigit(quarter.Groups["q"].Value) is >= 1 and <= 4 and var q)
        {
            var year = quarter.Groups["y"].Success ? Year(quarter.Groups["y"].Value) : context.PlanYear;
            if (!IsPlausibleYear(year))
            {
                return false;
            }

            start = new DateOnly(year, (q * 3) - 2, 1);
            end = MonthEnd(year, q * 3);
            precision = DatePrecision.Quarter;
            return true;
        }

        if (HalfYear().Match(s) is { Success: true } half)
        {
            var year = half.Groups["y"].Success ? Year(half.Groups["y"].Value) : context.PlanYear;
            if (!IsPlausibleYear(year))
            {
                return false;
            }

            var first = string.Equals(half.Groups["which"].Value, "đầu", StringComparison.OrdinalIgnoreCase);
            start = new DateOnly(year, first ? 1 : 7, 1);
            end = first ? new DateOnly(year, 6, 30) : new DateOnly(year, 12, 31);
            precision = DatePrecision.HalfYear;
            return true;
        }

        if (YearOnly().Match(s) is { Success: true } yearOnly)
        {
            var year = Year(yearOnly.Groups["y"].Value);
            if (!IsPlausibleYear(year))
            {
                return false;
            }

            start = new DateOnly(year, 1, 1);
            end = new DateOnly(year, 12, 31);
            precision = DatePrecision.Year;
            return true;
        }

        return false;
    }

    // "Quí" is the old spelling of "Quý" (and "Qúy" a common slip): both read as "quý".
    private static string Canonical(string text) =>
        OldQuarterSpelling().Replace(text.Replace('–', '-').Replace('—', '-'), "quý").Trim().TrimEnd('.', ';', ' ');

    private static string StripLeadingVerbs(string s) => LeadingVerbs().Replace(s.Trim(), string.Empty).Trim();

    private static int Year(string digits) => int.Parse(digits, CultureInfo.InvariantCulture);

    private static bool TryDate(int year, int month, int day, out DateOnly date)
    {
        date = default;
        if (!IsPlausibleYear(year) || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>The one range check every branch applies before building a date (DateOnly throws on year 0).</summary>
    public static bool IsPlausibleYear(int year) => year is >= MinYear and <= MaxYear;

    private static DateOnly MonthEnd(int year, int month) => new(year, month, DateTime.DaysInMonth(year, month));

    private static int RomanOrDigit(string value) => value.ToLowerInvariant() switch
    {
        "i" or "1" => 1,
        "ii" or "2" => 2,
        "iii" or "3" => 3,
        "iv" or "4" => 4,
        _ => 0,
    };

    private static Timeframe New(TimeframeKind kind) => new() { Text = string.Empty, Kind = kind };

    private static Timeframe Unscheduled(string text, string warning) => new() { Text = text, Kind = TimeframeKind.Unscheduled, Warning = warning };

    [GeneratedRegex(@"\bq(uí|úy)\b", Options)]
    private static partial Regex OldQuarterSpelling();

    [GeneratedRegex(@"\((?<items>[^()]*\bcấp\s+[^()]*:[^()]*)\)", Options)]
    private static partial Regex LevelOverride();

    [GeneratedRegex(@"\s*(?:[;,]|\bvà\b)\s*", Options)]
    private static partial Regex LevelSeparator();

    [GeneratedRegex(@"^(?:.*\bcấp\s+)?(?<level>\p{L}[\p{L}\s]*)$", Options)]
    private static partial Regex LevelName();

    [GeneratedRegex(@"^(trong\s+(thời\s+gian|thời\s+hạn|vòng)\s+)?(?<n>[0-9]{1,3})\s+ngày\s+làm\s+việc\s*,?\s*(kể\s+từ|sau|tính\s+từ)\s+(?<event>.+)$", Options)]
    private static partial Regex RelativeWorkingDays();

    [GeneratedRegex(@"^(?<head>.+?)\s*,?\s*và\s+(các|những)\s+năm\s+tiếp\s+theo$", Options)]
    private static partial Regex AndFollowingYears();

    [GeneratedRegex(@"^(thực\s+hiện\s+|triển\s+khai\s+)?theo\s+kế\s+hoạch\b(?<ref>.*)$", Options)]
    private static partial Regex ByPlan();

    [GeneratedRegex(@"^theo\s+thư\s+mời\b(?<ref>.*)$", Options)]
    private static partial Regex ByInvitation();

    [GeneratedRegex(@"^(triển\s+khai\s+(đảm\s+bảo\s+)?|thực\s+hiện\s+)?theo\s+(lộ\s+trình\s*,?\s*)?(hướng\s+dẫn|chỉ\s+đạo|lộ\s+trình)\b(?<ref>.*)$", Options)]
    private static partial Regex ByGuidance();

    [GeneratedRegex(@"^theo\s+tiến\s+độ\b(?<ref>.*)$", Options)]
    private static partial Regex ByProgress();

    [GeneratedRegex(@"^sau\s+khi\b(?<ref>.*)$", Options)]
    private static partial Regex AfterEvent();

    [GeneratedRegex(@"^(khi\s+(có\s+)?(phát\s+sinh|yêu\s+cầu)|theo\s+yêu\s+cầu)\b", Options)]
    private static partial Regex OnOccurrence();

    [GeneratedRegex(@"^(thực\s+hiện\s+)?thường\s+xuyên\b", Options)]
    private static partial Regex Continuous();

    [GeneratedRegex(@"^định\s+kỳ\s+(hoặc|và|,)\s*đột\s+xuất\b", Options)]
    private static partial Regex PeriodicOrOnDemand();

    [GeneratedRegex(@"^(đột\s+xuất|theo\s+yêu\s+cầu)\b", Options)]
    private static partial Regex OnDemandOnly();

    [GeneratedRegex(@"^(?<n>[0-9]{1,2})\s+lần\s*/\s*(?<per>tháng|quý|năm)$", Options)]
    private static partial Regex TimesPer();

    [GeneratedRegex(@"^(([0-9]{1,2})\s+tháng\s*\(\s*)?từ\s+tháng\s+(?<a>[0-9]{1,2})\s+đến\s+tháng\s+(?<b>[0-9]{1,2})\s*(\)|\s+h[ằà]ng\s+năm)$", Options)]
    private static partial Regex MonthSpan();

    [GeneratedRegex(@"^[0-9]{1,2}\s+tháng\s*\((?<list>[^)]*)\)$", Options)]
    private static partial Regex MonthList();

    [GeneratedRegex(@"tháng\s+([0-9]{1,2})", Options)]
    private static partial Regex MonthNumber();

    [GeneratedRegex(@"^tháng\s+(?<m>[0-9]{1,2})\s+h[ằà]ng\s+năm$", Options)]
    private static partial Regex MonthEveryYear();

    [GeneratedRegex(@"^(định\s+kỳ\s+)?(h[ằà]ng\s+)?6\s+tháng\s*(,|và)\s*(h[ằà]ng\s+)?năm$", Options)]
    private static partial Regex HalfYearAndYear();

    [GeneratedRegex(@"^(định\s+kỳ(\s+h[ằà]ng\s+(tháng|quý|năm))?|h[ằà]ng\s+(tháng|quý|năm))$", Options)]
    private static partial Regex BareCadence();

    [GeneratedRegex(@"^từ\s+(?<from>.+?)\s+đến\s+khi\s+(?<event>.+)$", Options)]
    private static partial Regex UntilEvent();

    [GeneratedRegex(@"^từ\s+nay\s+đến\s+(hết\s+)?(?<to>.+)$", Options)]
    private static partial Regex FromNowUntil();

    [GeneratedRegex(@"^(từ\s+)?(?<from>.+?)\s*(-|đến\s+hết|đến)\s*(?<to>(năm\s+|quý\s+|tháng\s+|ngày\s+)?[0-9ivx/ ]+(năm\s+[0-9]{4})?)$", Options)]
    private static partial Regex Range();

    [GeneratedRegex(@"^từ\s+(ngày\s+)?(?<from>.+)$", Options)]
    private static partial Regex FromOnly();

    [GeneratedRegex(@"^trước\s+(ngày\s+)?(?<d>[0-9]{1,2})\s*/\s*(?<m>[0-9]{1,2})(\s*/\s*(?<y>[0-9]{4}))?$", Options)]
    private static partial Regex Before();

    [GeneratedRegex(@"^(chậm\s+nhất|không\s+quá|đến|trong)\s+(là\s+)?(ngày\s+)?(?=[0-9])", Options)]
    private static partial Regex LatestBy();

    [GeneratedRegex(@"^(ngày\s+)?(?<d>[0-9]{1,2})\s*/\s*(?<m>[0-9]{1,2})\s*/\s*(?<y>[0-9]{4})$", Options)]
    private static partial Regex Day();

    [GeneratedRegex(@"^(tháng\s+(?<m>[0-9]{1,2})(\s*(/|năm|-)\s*(?<y>[0-9]{4}))?|(?<m>[0-9]{1,2})\s*/\s*(?<y>[0-9]{4}))$", Options)]
    private static partial Regex Month();

    [GeneratedRegex(@"^quý\s+(?<q>iv|i{1,3}|[1-4])(\s*(/|năm|-)\s*(?<y>[0-9]{4})|\s+(?<y>[0-9]{4}))?$", Options)]
    private static partial Regex Quarter();

    [GeneratedRegex(@"^6\s+tháng\s+(?<which>đầu|cuối)\s+năm(\s+(?<y>[0-9]{4}))?$", Options)]
    private static partial Regex HalfYear();

    [GeneratedRegex(@"^(năm\s+)?(?<y>[0-9]{4})$", Options)]
    private static partial Regex YearOnly();

    [GeneratedRegex(@"^((hoàn\s+thành|ban\s+hành|thực\s+hiện|triển\s+khai|trình|tổ\s+chức|xong)\s+)*(trong\s+)?", Options)]
    private static partial Regex LeadingVerbs();
}
