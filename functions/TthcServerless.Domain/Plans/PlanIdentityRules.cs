using System.Text.RegularExpressions;
using TthcServerless.Domain.Text;

namespace TthcServerless.Domain.Plans;

/// <summary>
/// What makes a plan's identity valid: an id in lowercase words joined by hyphens, the caller's own province, a year
/// 2000–2100, and a decision number and title short enough for the plan's header row. A section title is a line.
/// </summary>
public static partial class PlanIdentityRules
{
    public const int MaxPlanIdLength = 63;
    public const int MinYear = 2000;
    public const int MaxYear = 2100;
    public const int MaxDecisionNumberLength = 100;
    public const int MaxTitleLength = 1000;

    public static bool IsValidPlanId(string? id) => id is { Length: <= MaxPlanIdLength } && PlanIdPattern().IsMatch(id);

    /// <summary>
    /// The identity from the values found (each already chosen by precedence: query, then body, then the document); null
    /// with every problem in <paramref name="errors"/> otherwise. Without a year, the decision's year is the plan's.
    /// </summary>
    public static PlanIdentity? Resolve(
        string? planId, string province, string callerProvince, int? year, string? decisionNumber, DateOnly? decisionDate, string? title,
        List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        if (!IsValidPlanId(planId))
        {
            errors.Add(new FieldError("planId", planId is null
                ? "planId là bắt buộc (tham số truy vấn hoặc trường JSON)."
                : $"'{planId}' không phải mã kế hoạch hợp lệ (chữ thường không dấu, chữ số, dấu gạch ngang)."));
        }

        if (province != callerProvince)
        {
            errors.Add(new FieldError("province", $"Khóa API này thuộc tỉnh '{callerProvince}', không nhập được kế hoạch của tỉnh '{province}'."));
        }

        var planYear = year ?? decisionDate?.Year;
        if (planYear is not (>= MinYear and <= MaxYear))
        {
            errors.Add(new FieldError("year", planYear is null ? "Không xác định được năm của kế hoạch; hãy truyền year." : $"Năm {planYear} không hợp lệ."));
        }

        var number = VietnameseText.Clean(decisionNumber);
        if (number.Length > MaxDecisionNumberLength)
        {
            errors.Add(new FieldError("decisionNumber", $"Số quyết định dài hơn {MaxDecisionNumberLength} ký tự."));
        }

        var planTitle = VietnameseText.Clean(title);
        if (planTitle.Length > MaxTitleLength)
        {
            errors.Add(new FieldError("title", $"Tiêu đề dài hơn {MaxTitleLength} ký tự."));
        }

        return errors.Count > before
            ? null
            : new PlanIdentity(planId!, province, planYear!.Value, planTitle.Length == 0 ? null : planTitle, number.Length == 0 ? null : number, decisionDate);
    }

    // \z, not $ ("$" also matches before a final line break): an id is exact (docs/api.md, "Reading rules").
    [GeneratedRegex(@"^[a-z0-9]+(-[a-z0-9]+)*\z")]
    private static partial Regex PlanIdPattern();
}
