using TthcServerless.Domain.Text;

namespace TthcServerless.Domain.Plans;

/// <summary>Which column of a plan table holds what, recognised from the header's wording.</summary>
public sealed record PlanColumns(int? Number, int Content, int Lead, int? Coordinating, int? Output, int Timeframe)
{
    public static bool LooksLikeHeader(IReadOnlyList<string> cells) => TryFind(cells, out _);

    public static PlanColumns Find(IReadOnlyList<string> header) =>
        TryFind(header, out var columns)
            ? columns
            : throw new PlanFormatException(
                $"Dòng tiêu đề của bảng ({string.Join(" | ", header.Select(VietnameseText.Clean))}) thiếu cột \"Nội dung\", \"Cơ quan chủ trì\" hoặc \"Thời gian thực hiện\".");

    private static bool TryFind(IReadOnlyList<string> cells, out PlanColumns columns)
    {
        int? number = null, content = null, lead = null, coordinating = null, output = null, timeframe = null;
        for (var i = 0; i < cells.Count; i++)
        {
            var key = VietnameseText.MatchKey(cells[i]);
            if (key.Length == 0)
            {
                continue;
            }

            // Order matters: "Thời gian thực hiện" mentions "thực hiện" too.
            if (key is "stt" or "tt" or "số tt" or "số thứ tự" or "số")
            {
                number ??= i;
            }
            else if (key.Contains("thời gian", StringComparison.Ordinal) || key.Contains("thời hạn", StringComparison.Ordinal) || key.Contains("tiến độ", StringComparison.Ordinal))
            {
                timeframe ??= i;
            }
            else if (key.Contains("phối hợp", StringComparison.Ordinal))
            {
                coordinating ??= i;
            }
            else if (key.Contains("chủ trì", StringComparison.Ordinal) || ((key.Contains("cơ quan", StringComparison.Ordinal) || key.Contains("đơn vị", StringComparison.Ordinal)) && key.Contains("thực hiện", StringComparison.Ordinal)))
            {
                lead ??= i;
            }
            else if (key.Contains("kết quả", StringComparison.Ordinal) || key.Contains("sản phẩm", StringComparison.Ordinal))
            {
                output ??= i;
            }
            else if (key.Contains("nội dung", StringComparison.Ordinal) || key.Contains("nhiệm vụ", StringComparison.Ordinal) || key.Contains("công việc", StringComparison.Ordinal))
            {
                content ??= i;
            }
        }

        columns = new PlanColumns(number, content ?? -1, lead ?? -1, coordinating, output, timeframe ?? -1);
        return content is not null && lead is not null && timeframe is not null;
    }
}
