using System.Text;

namespace TthcServerless.Domain.Text;

/// <summary>
/// The rule for free text typed into a field (a report's summary, a citizen's address, a staff note): clean, storable,
/// within its limit. Text a spreadsheet would read as a formula is kept as given: workbooks write every text as a text
/// cell (docs/api.md, "Reading rules"). Every feature's input goes through it.
/// </summary>
public static class FieldText
{
    /// <summary>
    /// Normalises a free-text field (NFC, CRLF to LF, trimmed) and refuses control characters other than line feed and
    /// tab. Returns null for empty text. Text that looks like a spreadsheet formula ("=SUM(A1)", "+84 …", "@…", "-1") is
    /// stored as given: the product rule is that every text reaching a workbook is written there as a text cell, never as
    /// a formula (docs/api.md, "Reading rules"), so refusing it here would only turn away honest reports.
    /// </summary>
    public static string? Clean(string? value, string field, int maxLength, bool multiline, List<FieldError> errors)
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

        if (text.Length > maxLength)
        {
            errors.Add(new FieldError(field, $"dài {text.Length} ký tự, vượt giới hạn {maxLength}."));
            return null;
        }

        return text.Length == 0 ? null : text;
    }
}
