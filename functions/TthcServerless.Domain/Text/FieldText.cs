using System.Text;

namespace TthcServerless.Domain.Text;

/// <summary>
/// The rule for free text typed into a field (a report's summary, a citizen's address, a staff note): clean, storable,
/// within its limit, and never something a spreadsheet would run. Every feature's input goes through it.
/// </summary>
public static class FieldText
{
    /// <summary>
    /// Normalises a free-text field (NFC, CRLF to LF, trimmed) and refuses control characters other than line feed and
    /// tab, and text that starts like a spreadsheet formula unless <paramref name="formulaSafe"/> says the field is
    /// checked strictly elsewhere and never reaches a workbook (a phone number "+84 …"). Returns null for empty text.
    /// </summary>
    public static string? Clean(string? value, string field, int maxLength, bool multiline, List<FieldError> errors, bool formulaSafe = false)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (value is null)
        {
            return null;
        }

        var text = value.Normalize(NormalizationForm.FormC).Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        foreach (var c in text)
        {
            if ((char.IsControl(c) && !(multiline && c is '\n' or '\t')) || c is '\u2028' or '\u2029' or '\uFEFF' or '\u200B')
            {
                errors.Add(new FieldError(field, $"có ký tự điều khiển không được phép (U+{(int)c:X4})."));
                return null;
            }
        }

        if (!formulaSafe && LooksLikeFormula(text))
        {
            errors.Add(new FieldError(field, "không được bắt đầu bằng '=', '+', '@' hoặc '-' liền chữ: bảng tính có thể hiểu đó là công thức. Thêm chữ hoặc khoảng trắng ở đầu."));
            return null;
        }

        if (text.Length > maxLength)
        {
            errors.Add(new FieldError(field, $"dài {text.Length} ký tự, vượt giới hạn {maxLength}."));
            return null;
        }

        return text.Length == 0 ? null : text;
    }

    /// <summary>
    /// Text a spreadsheet would run as a formula (or DDE command, <c>=cmd|' /C calc'!A0</c>) when a report lands in a
    /// workbook or a CSV an analyst opens. A dash bullet ("- Đã ban hành") is ordinary text and allowed.
    /// </summary>
    public static bool LooksLikeFormula(string text) =>
        text.Length > 0 && (text[0] is '=' or '+' or '@' || (text[0] == '-' && text.Length > 1 && !char.IsWhiteSpace(text[1])));

}
