using System.Globalization;
using System.Text;

namespace TthcServerless.Domain.Text;

/// <summary>
/// Text as it arrives from Word, legal-database pages and forms: NFC or NFD, no-break spaces, tabs, CRLF, stray
/// control characters. <see cref="Clean"/> makes it storable; <see cref="MatchTokens"/> makes it comparable.
/// </summary>
public static class VietnameseText
{
    /// <summary>
    /// NFC, no control or zero-width characters, every run of whitespace (including no-break space) one space,
    /// trimmed. Diacritics are kept: "Sở" and "So" stay different.
    /// </summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var normalized = text.Normalize(NormalizationForm.FormC);
        var builder = new StringBuilder(normalized.Length);
        var pendingSpace = false;
        foreach (var c in normalized)
        {
            if (char.IsWhiteSpace(c) || c is '\u00A0' or '\u202F' or '\u2007')
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (char.IsControl(c) || c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF')
            {
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>
    /// NFC and line endings unified to LF, keeping line structure (for whole documents). Control characters other
    /// than tab and line feed are removed.
    /// </summary>
    public static string NormalizeDocument(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = text.Normalize(NormalizationForm.FormC).Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var builder = new StringBuilder(normalized.Length);
        foreach (var c in normalized)
        {
            if (c is '\t' or '\n' || !(char.IsControl(c) || c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF'))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Words and separators for matching: lowercase, NFC, the old and new tone placements unified ("hoà" = "hòa",
    /// "uỷ" = "ủy"), "UBND"/"HĐND" spelled out, dashes unified. Punctuation that separates phrases
    /// (<c>, ; ( ) / -</c>) becomes its own token; other punctuation is dropped.
    /// </summary>
    public static IReadOnlyList<MatchToken> MatchTokens(string? text)
    {
        var clean = Clean(text);
        var tokens = new List<MatchToken>();
        var i = 0;
        while (i < clean.Length)
        {
            var c = clean[i];
            if (c == ' ')
            {
                i++;
                continue;
            }

            if (IsSeparator(c))
            {
                tokens.Add(new MatchToken(c is '–' or '—' ? "-" : c.ToString(), i, i + 1));
                i++;
                continue;
            }

            if (!IsWordChar(c))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < clean.Length && IsWordChar(clean[i]))
            {
                i++;
            }

            var word = CanonicalWord(clean[start..i]);
            if (Abbreviations.TryGetValue(word, out var expansion))
            {
                foreach (var part in expansion)
                {
                    tokens.Add(new MatchToken(part, start, i));
                }
            }
            else
            {
                tokens.Add(new MatchToken(word, start, i));
            }
        }

        return tokens;
    }

    /// <summary>A single key for whole-phrase comparison: the match tokens' words joined by spaces.</summary>
    public static string MatchKey(string? text) =>
        string.Join(' ', MatchTokens(text).Where(t => t.IsWord).Select(t => t.Value));

    private static readonly Dictionary<string, string[]> Abbreviations = new(StringComparer.Ordinal)
    {
        ["ubnd"] = ["ủy", "ban", "nhân", "dân"],
        ["hđnd"] = ["hội", "đồng", "nhân", "dân"],
    };

    // Old-style tone placement (on the second vowel of oa, oe, uy) mapped to the new style, both common in documents.
    private static readonly (string Old, string New)[] TonePlacements =
    [
        ("oà", "òa"), ("oá", "óa"), ("oả", "ỏa"), ("oã", "õa"), ("oạ", "ọa"),
        ("oè", "òe"), ("oé", "óe"), ("oẻ", "ỏe"), ("oẽ", "õe"), ("oẹ", "ọe"),
        ("uỳ", "ùy"), ("uý", "úy"), ("uỷ", "ủy"), ("uỹ", "ũy"), ("uỵ", "ụy"),
    ];

    private static string CanonicalWord(string word)
    {
        var lower = word.ToLower(CultureInfo.InvariantCulture);
        foreach (var (old, canonical) in TonePlacements)
        {
            if (lower.Contains(old, StringComparison.Ordinal))
            {
                lower = lower.Replace(old, canonical, StringComparison.Ordinal);
            }
        }

        return lower;
    }

    private static bool IsSeparator(char c) => c is ',' or ';' or '(' or ')' or '/' or '-' or '–' or '—' or ':';

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '&' or '\'' || char.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark;
}

/// <summary>One token of <see cref="VietnameseText.MatchTokens"/>, with its span in the cleaned text.</summary>
public sealed record MatchToken(string Value, int Start, int End)
{
    public bool IsWord => Value.Length > 1 || char.IsLetterOrDigit(Value[0]) || Value[0] is '&';
}
