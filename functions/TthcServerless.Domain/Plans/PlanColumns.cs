using TthcServerless.Domain.Text;

namespace TthcServerless.Domain.Plans;

/// <summary>Which column of a plan table holds what, recognised from the header's wording.</summary>
public sealed record PlanColumns(int? Number, int Content, int Lead, int? Coordinating, int? Output, int Timeframe)
{
    /// <summary>What a header cell names, by its wording.</summary>
    internal enum Kind
    {
        None,
        Number,
        Content,
        Lead,
        Coordinating,
        Output,
        Timeframe,
    }

    public static bool LooksLikeHeader(IReadOnlyList<string> cells) => TryFind(cells, out _);

    public static PlanColumns Find(IReadOnlyList<string> header) =>
        TryFind(header, out var columns)
            ? columns
            : throw new PlanFormatException(
                $"Dòng tiêu đề của bảng ({string.Join(" | ", header.Select(VietnameseText.Clean))}) thiếu cột \"Nội dung\", \"Cơ quan chủ trì\" hoặc \"Thời gian thực hiện\".");

    /// <summary>Whether a header cell names one of the columns a plan table is read by ("STT", "Cơ quan chủ trì", …).</summary>
    internal static bool NamesAColumn(string cell) => KindOf(VietnameseText.MatchKey(cell)) != Kind.None;

    private static Kind KindOf(string key)
    {
        if (key.Length == 0)
        {
            return Kind.None;
        }

        // Order matters: "Thời gian thực hiện" mentions "thực hiện" too.
        if (key is "stt" or "tt" or "số tt" or "số thứ tự" or "số")
        {
            return Kind.Number;
        }

        if (key.Contains("thời gian", StringComparison.Ordinal) || key.Contains("thời hạn", StringComparison.Ordinal) || key.Contains("tiến độ", StringComparison.Ordinal))
        {
            return Kind.Timeframe;
        }

        if (key.Contains("phối hợp", StringComparison.Ordinal))
        {
            return Kind.Coordinating;
        }

        if (key.Contains("chủ trì", StringComparison.Ordinal) || ((key.Contains("cơ quan", StringComparison.Ordinal) || key.Contains("đơn vị", StringComparison.Ordinal)) && key.Contains("thực hiện", StringComparison.Ordinal)))
        {
            return Kind.Lead;
        }

        if (key.Contains("kết quả", StringComparison.Ordinal) || key.Contains("sản phẩm", StringComparison.Ordinal))
        {
            return Kind.Output;
        }

        if (key.Contains("nội dung", StringComparison.Ordinal) || key.Contains("nhiệm vụ", StringComparison.Ordinal) || key.Contains("công việc", StringComparison.Ordinal))
        {
            return Kind.Content;
        }

        return Kind.None;
    }

    private static bool TryFind(IReadOnlyList<string> cells, out PlanColumns columns)
    {
        int? number = null, content = null, lead = null, coordinating = null, output = null, timeframe = null;
        for (var i = 0; i < cells.Count; i++)
        {
            switch (KindOf(VietnameseText.MatchKey(cells[i])))
            {
                case Kind.Number:
                    number ??= i;
                    break;
                case Kind.Timeframe:
                    timeframe ??= i;
                    break;
                case Kind.Coordinating:
                    coordinating ??= i;
                    break;
                case Kind.Lead:
                    lead ??= i;
                    break;
                case Kind.Output:
                    output ??= i;
                    break;
                case Kind.Content:
                    content ??= i;
                    break;
                case Kind.None:
                default:
                    break;
            }
        }

        columns = new PlanColumns(number, content ?? -1, lead ?? -1, coordinating, output, timeframe ?? -1);
        return content is not null && lead is not null && timeframe is not null;
    }
}
