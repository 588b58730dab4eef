using TthcServerless.Domain.Periods;

namespace TthcServerless.Domain.Progress;

/// <summary>
/// What a progress report may say, checked before it is accepted: ranges, dates, the status/completion-date pairing,
/// lengths within Table Storage limits, and text that is clean (NFC; control characters refused, not stored).
/// </summary>
public static class TaskUpdateRules
{
    public const int MaxTextLength = 4000;
    public const int MaxDocumentNumberLength = 100;
    public const int MaxDocumentTitleLength = 500;
    public static readonly DateOnly EarliestDate = new(2000, 1, 1);

    /// <summary>Checks the status fields together; <paramref name="today"/> is the Vietnam date of the request.</summary>
    public static void CheckProgress(TaskProgressStatus status, int? percent, DateOnly? completedOn, DateOnly today, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (percent is < 0 or > 100)
        {
            errors.Add(new FieldError("progressPercent", "phải từ 0 đến 100."));
        }

        switch (status)
        {
            case TaskProgressStatus.Completed:
                if (completedOn is null)
                {
                    errors.Add(new FieldError("completedOn", "bắt buộc khi trạng thái là 'completed'."));
                }

                if (percent is not (null or 100))
                {
                    errors.Add(new FieldError("progressPercent", "phải là 100 khi đã hoàn thành."));
                }

                break;
            case TaskProgressStatus.NotStarted:
                if (percent is not (null or 0))
                {
                    errors.Add(new FieldError("progressPercent", "phải là 0 khi chưa thực hiện."));
                }

                goto default;
            default:
                if (completedOn is not null)
                {
                    errors.Add(new FieldError("completedOn", "chỉ ghi khi trạng thái là 'completed'."));
                }

                break;
        }

        CheckPastDate(completedOn, "completedOn", today, errors);
    }

    public static void CheckPastDate(DateOnly? date, string field, DateOnly today, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (date is { } day && (day < EarliestDate || day > today))
        {
            errors.Add(new FieldError(field, $"ngày {day:dd/MM/yyyy} không hợp lệ: phải từ {EarliestDate:dd/MM/yyyy} đến hôm nay ({today:dd/MM/yyyy})."));
        }
    }

    /// <summary>
    /// The period a report speaks for: the one named, or by default the month whose cut-off window contains today. A
    /// named period may not start after the current month's window ends (no reports for the future).
    /// </summary>
    public static ReportingPeriod? ResolvePeriod(string? periodId, DateOnly today, ReportingCalendar calendar, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(errors);
        var current = calendar.PeriodContaining(today, ReportingPeriodType.Month);
        if (periodId is null)
        {
            return current;
        }

        if (calendar.FromId(periodId) is not { } period)
        {
            errors.Add(new FieldError("period", $"'{periodId}' không phải kỳ báo cáo: dùng 2022-03, 2022-Q1, 2022-H1, 2022-9M hoặc 2022."));
            return null;
        }

        if (period.Start > current.End || period.Year < EarliestDate.Year)
        {
            errors.Add(new FieldError("period", $"kỳ {period.Label} chưa bắt đầu hoặc quá xa."));
            return null;
        }

        return period;
    }
}
