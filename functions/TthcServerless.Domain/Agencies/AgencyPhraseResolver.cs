using System.Text.RegularExpressions;
using TthcServerless.Domain.Text;

namespace TthcServerless.Domain.Agencies;

/// <summary>
/// Resolves a lead or coordinating cell of a plan ("Sở, ban, ngành tỉnh, UBND cấp huyện, cấp xã", "Văn phòng, Bưu điện
/// tỉnh", "Sở, ban, ngành tỉnh (cơ quan chủ trì soạn thảo)") into concrete agencies. Matching ignores case, spacing,
/// NFC/NFD and tone-placement differences but not diacritics; the longest known name wins, so names containing "và"
/// ("Sở Thông tin và Truyền thông") stay whole. Elliptical levels ("UBND cấp huyện, cấp xã") borrow the previous
/// head. A parenthetical is kept as a qualifier of the piece before it; anything unknown is kept verbatim as
/// <see cref="AgencyPhrasePartKind.Unresolved"/> — never dropped.
/// </summary>
public sealed partial class AgencyPhraseResolver
{
    private static readonly HashSet<string> SeparatorWords = new(StringComparer.Ordinal) { "và", "hoặc", "cùng", "với", ",", ";", "-", ":", "/" };
    private static readonly HashSet<string> Determiners = new(StringComparer.Ordinal) { "các", "những" };

    private readonly AgencyRegistry _registry;
    private readonly AgencyVocabulary _vocabulary;

    internal AgencyPhraseResolver(AgencyRegistry registry, IEnumerable<PlanAlias> planAliases)
    {
        _registry = registry;
        var aliases = planAliases.ToList();
        _vocabulary = aliases.Count == 0 ? registry.Vocabulary : registry.Vocabulary.With(aliases);
    }

    public AgencyPhraseResolution Resolve(string? phrase)
    {
        var text = VietnameseText.Clean(phrase);
        var tokens = VietnameseText.MatchTokens(text);
        var parts = new List<AgencyPhrasePart>();
        string[]? previousWords = null;
        string? pendingQualifier = null;
        int? lastUnresolvedStart = null;

        var i = 0;
        while (i < tokens.Count)
        {
            var token = tokens[i];
            if (token.Value == "(")
            {
                var close = ClosingParenthesis(tokens, i);
                if (close < 0)
                {
                    // "Sở Y tế (Sở Tài chính": an unclosed parenthesis is a typo, so what follows is resolved, not hidden as a note.
                    i++;
                    continue;
                }

                var inner = close > i + 1 ? text[tokens[i + 1].Start..tokens[close - 1].End] : string.Empty;
                if (inner.Length > 0 && !IsAliasDefinition(inner))
                {
                    if (parts.Count > 0)
                    {
                        parts[^1] = parts[^1] with { Qualifier = parts[^1].Qualifier is null ? inner : $"{parts[^1].Qualifier}; {inner}" };
                    }
                    else
                    {
                        pendingQualifier = inner;
                    }
                }

                i = close + 1;
                continue;
            }

            if (SeparatorWords.Contains(token.Value) || token.Value == ")" || IsListMarker(tokens, i))
            {
                i++;
                continue;
            }

            if (MatchAt(tokens, i, out var matchEnd) is { } entry)
            {
                parts.Add(new AgencyPhrasePart(entry.Kind, text[token.Start..tokens[matchEnd - 1].End], entry.TargetId, pendingQualifier));
                pendingQualifier = null;
                lastUnresolvedStart = null;
                previousWords = [.. tokens.Skip(i).Take(matchEnd - i).Where(t => t.IsWord && !Determiners.Contains(t.Value)).Select(t => t.Value)];
                i = matchEnd;
                continue;
            }

            // "UBND cấp huyện, cấp xã": the bare level borrows the head of the previous piece.
            if (token.Value == "cấp" && i + 1 < tokens.Count && tokens[i + 1].IsWord
                && previousWords is { Length: > 2 } && previousWords[^2] == "cấp"
                && _vocabulary.Exact([.. previousWords[..^2], "cấp", tokens[i + 1].Value]) is { } elliptic)
            {
                parts.Add(new AgencyPhrasePart(elliptic.Kind, text[token.Start..tokens[i + 1].End], elliptic.TargetId, pendingQualifier));
                pendingQualifier = null;
                lastUnresolvedStart = null;
                previousWords = [.. previousWords[..^2], "cấp", tokens[i + 1].Value];
                i += 2;
                continue;
            }

            var end = UnresolvedEnd(tokens, i);
            var words = tokens.Skip(i).Take(end - i).Where(t => t.IsWord).Select(t => t.Value).ToList();
            var fragmentStart = token.Start;
            var kind = IsGeneric(words) ? AgencyPhrasePartKind.Generic : AgencyPhrasePartKind.Unresolved;

            // "Các cơ quan, đơn vị có liên quan" is one vague reference, not an unknown agency plus a vague one.
            if (kind == AgencyPhrasePartKind.Generic && parts.Count > 0 && parts[^1].Kind == AgencyPhrasePartKind.Unresolved && lastUnresolvedStart is { } previousStart)
            {
                parts.RemoveAt(parts.Count - 1);
                fragmentStart = previousStart;
            }

            parts.Add(new AgencyPhrasePart(kind, text[fragmentStart..tokens[end - 1].End].TrimEnd('.', ' '), null, pendingQualifier));
            lastUnresolvedStart = kind == AgencyPhrasePartKind.Unresolved ? token.Start : null;
            pendingQualifier = null;
            previousWords = null;
            i = end;
        }

        return new AgencyPhraseResolution(text, parts, Expand(parts));
    }

    /// <summary>
    /// Abbreviations a cell defines: "Văn phòng Ủy ban nhân dân tỉnh (sau đây gọi tắt là Văn phòng)" defines "Văn phòng"
    /// as whatever the text before the parenthesis resolves to last. Definitions whose target is unknown are returned
    /// with a null alias target so the caller can report them.
    /// </summary>
    public IReadOnlyList<(string Alias, PlanAlias? Definition)> FindAliasDefinitions(string? cell)
    {
        var text = VietnameseText.Clean(cell);
        var found = new List<(string, PlanAlias?)>();
        foreach (Match match in AliasDefinitionInCell().Matches(text))
        {
            var alias = match.Groups["alias"].Value.Trim().Trim('"', '“', '”', '\'', ' ', '.');
            var before = Resolve(text[..match.Index]);
            var target = before.Parts.LastOrDefault(p => p.Kind is AgencyPhrasePartKind.Agency or AgencyPhrasePartKind.Group);
            found.Add((alias, target is null ? null : new PlanAlias(alias, target.Kind, target.TargetId!)));
        }

        return found;
    }

    private AgencyVocabulary.Entry? MatchAt(IReadOnlyList<MatchToken> tokens, int i, out int end)
    {
        if (_vocabulary.LongestMatch(tokens, i, out end) is { } direct)
        {
            return direct;
        }

        if (Determiners.Contains(tokens[i].Value) && _vocabulary.LongestMatch(tokens, i + 1, out end) is { } afterDeterminer)
        {
            return afterDeterminer;
        }

        end = i;
        return null;
    }

    /// <summary>An unknown piece runs to the next comma, semicolon or parenthesis — or to a "và" that starts a known name.</summary>
    private int UnresolvedEnd(IReadOnlyList<MatchToken> tokens, int start)
    {
        var j = start + 1;
        while (j < tokens.Count && tokens[j].Value is not ("," or ";" or "("))
        {
            if (tokens[j].Value is "và" or "hoặc" && j + 1 < tokens.Count && MatchAt(tokens, j + 1, out _) is not null)
            {
                break;
            }

            j++;
        }

        return j;
    }

    private List<string> Expand(List<AgencyPhrasePart> parts)
    {
        var ids = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            IEnumerable<string> members = part.Kind switch
            {
                AgencyPhrasePartKind.Agency => [part.TargetId!],
                AgencyPhrasePartKind.Group => _registry.MembersOf(part.TargetId!).Select(a => a.Id),
                _ => [],
            };
            foreach (var id in members.Where(seen.Add))
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    /// <summary>"a)", "b)", "1)" opening a piece of a double-valued cell ("a) Sở Tư pháp; b) Sở Nội vụ"): a label, not a name.</summary>
    private static bool IsListMarker(IReadOnlyList<MatchToken> tokens, int i) =>
        i + 1 < tokens.Count
        && tokens[i + 1].Value == ")"
        && (tokens[i].Value is { Length: 1 } letter && char.IsLetter(letter[0]) || tokens[i].Value is { Length: <= 2 } digits && digits.All(char.IsAsciiDigit))
        && (i == 0 || tokens[i - 1].Value is ";" or "," or ":" or "-");

    /// <summary>The index of the ")" that closes the one at <paramref name="open"/>, or -1 when it is never closed.</summary>
    private static int ClosingParenthesis(IReadOnlyList<MatchToken> tokens, int open)
    {
        var depth = 0;
        for (var j = open; j < tokens.Count; j++)
        {
            depth += tokens[j].Value switch { "(" => 1, ")" => -1, _ => 0 };
            if (depth == 0)
            {
                return j;
            }
        }

        return -1;
    }

    /// <summary>"các đơn vị có liên quan", "cơ quan, địa phương liên quan": a deliberate non-list.</summary>
    private static bool IsGeneric(List<string> words)
    {
        for (var k = 0; k + 1 < words.Count; k++)
        {
            if (words[k] == "liên" && words[k + 1] == "quan")
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAliasDefinition(string parenthetical) => AliasDefinitionBody().IsMatch(parenthetical);

    [GeneratedRegex(@"^\s*(sau\s+đây\s+)?(được\s+)?(gọi|viết)\s+tắt\s+(là\s+)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AliasDefinitionBody();

    [GeneratedRegex(@"\(\s*(?:sau\s+đây\s+)?(?:được\s+)?(?:gọi|viết)\s+tắt\s+(?:là\s+)?:?\s*(?<alias>[^)]+?)\s*\)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AliasDefinitionInCell();
}
