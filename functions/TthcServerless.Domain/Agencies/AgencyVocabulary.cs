using TthcServerless.Domain.Text;

namespace TthcServerless.Domain.Agencies;

/// <summary>Every name and alias of a registry (and of a plan), indexed by first word for longest-match scanning.</summary>
internal sealed class AgencyVocabulary
{
    private readonly Dictionary<string, List<Entry>> _byFirstWord;

    private AgencyVocabulary(Dictionary<string, List<Entry>> byFirstWord) => _byFirstWord = byFirstWord;

    internal sealed record Entry(string[] Words, AgencyPhrasePartKind Kind, string TargetId);

    public static AgencyVocabulary For(AgencyRegistry registry)
    {
        var entries = new List<Entry>();
        foreach (var group in registry.Groups)
        {
            entries.AddRange(group.Aliases.Prepend(group.Name).Select(name => new Entry(Words(name), AgencyPhrasePartKind.Group, group.Id)));
        }

        foreach (var agency in registry.Agencies)
        {
            entries.AddRange(agency.Aliases.Prepend(agency.Name).Select(name => new Entry(Words(name), AgencyPhrasePartKind.Agency, agency.Id)));
        }

        return Build(entries);
    }

    /// <summary>This vocabulary plus a plan's abbreviations, which win over registry names of the same length.</summary>
    public AgencyVocabulary With(IEnumerable<PlanAlias> aliases)
    {
        var entries = aliases.Select(a => new Entry(Words(a.Alias), a.TargetKind, a.TargetId))
            .Concat(_byFirstWord.Values.SelectMany(list => list));
        return Build(entries);
    }

    /// <summary>
    /// The longest entry whose words match the tokens from <paramref name="start"/>, skipping commas and dashes inside
    /// a name ("Sở, ban, ngành tỉnh" = "Sở ban ngành tỉnh"). <paramref name="end"/> is the index after the match.
    /// </summary>
    public Entry? LongestMatch(IReadOnlyList<MatchToken> tokens, int start, out int end)
    {
        end = start;
        if (start >= tokens.Count || !_byFirstWord.TryGetValue(tokens[start].Value, out var candidates))
        {
            return null;
        }

        foreach (var entry in candidates)
        {
            if (TryMatch(entry.Words, tokens, start, out end))
            {
                return entry;
            }
        }

        end = start;
        return null;
    }

    /// <summary>An entry whose words are exactly <paramref name="words"/>.</summary>
    public Entry? Exact(IReadOnlyList<string> words)
    {
        if (words.Count == 0 || !_byFirstWord.TryGetValue(words[0], out var candidates))
        {
            return null;
        }

        return candidates.FirstOrDefault(e => e.Words.SequenceEqual(words, StringComparer.Ordinal));
    }

    private static bool TryMatch(string[] words, IReadOnlyList<MatchToken> tokens, int start, out int end)
    {
        var t = start;
        for (var w = 0; w < words.Length; w++)
        {
            while (w > 0 && t < tokens.Count && tokens[t].Value is "," or "-")
            {
                t++;
            }

            if (t >= tokens.Count || !string.Equals(tokens[t].Value, words[w], StringComparison.Ordinal))
            {
                end = start;
                return false;
            }

            t++;
        }

        // A match must end at a word boundary, not in the middle of a longer name we do not know.
        end = t;
        return true;
    }

    private static AgencyVocabulary Build(IEnumerable<Entry> entries)
    {
        var byFirstWord = new Dictionary<string, List<Entry>>(StringComparer.Ordinal);
        foreach (var entry in entries.Where(e => e.Words.Length > 0))
        {
            if (!byFirstWord.TryGetValue(entry.Words[0], out var list))
            {
                byFirstWord[entry.Words[0]] = list = [];
            }

            if (!list.Any(e => e.Words.SequenceEqual(entry.Words, StringComparer.Ordinal)))
            {
                list.Add(entry);
            }
        }

        foreach (var list in byFirstWord.Values)
        {
            // Longest first; among equals, the first added (plan aliases) wins. List.Sort is not stable.
            var ordered = list.Select((e, i) => (e, i)).OrderByDescending(x => x.e.Words.Length).ThenBy(x => x.i).Select(x => x.e).ToList();
            list.Clear();
            list.AddRange(ordered);
        }

        return new AgencyVocabulary(byFirstWord);
    }

    internal static string[] Words(string text) => [.. VietnameseText.MatchTokens(text).Where(t => t.IsWord).Select(t => t.Value)];
}
