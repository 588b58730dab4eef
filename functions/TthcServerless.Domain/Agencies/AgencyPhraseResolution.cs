namespace TthcServerless.Domain.Agencies;

/// <summary>What a piece of an agency cell turned out to be.</summary>
public enum AgencyPhrasePartKind
{
    /// <summary>A concrete agency ("Sở Tư pháp", or a plan's own abbreviation such as "Văn phòng").</summary>
    Agency,

    /// <summary>A group that expands to its members ("Sở, ban, ngành tỉnh", "UBND cấp xã").</summary>
    Group,

    /// <summary>A deliberately vague reference ("các đơn vị có liên quan"): kept, names nobody.</summary>
    Generic,

    /// <summary>Text that matches nothing in the registry: kept verbatim and reported.</summary>
    Unresolved,
}

/// <summary>One piece of a cell: its verbatim text, what it resolved to, and a parenthetical note if the cell had one.</summary>
public sealed record AgencyPhrasePart(AgencyPhrasePartKind Kind, string Text, string? TargetId, string? Qualifier);

/// <summary>A lead or coordinating cell resolved: every piece, and the concrete agencies it names, in order.</summary>
public sealed record AgencyPhraseResolution(string Text, IReadOnlyList<AgencyPhrasePart> Parts, IReadOnlyList<string> AgencyIds)
{
    public IEnumerable<AgencyPhrasePart> Unresolved => Parts.Where(p => p.Kind == AgencyPhrasePartKind.Unresolved);

    public bool IsFullyResolved => !Unresolved.Any();

    public static AgencyPhraseResolution Empty(string text) => new(text, [], []);
}

/// <summary>
/// An abbreviation a plan defines for itself, e.g. "Văn phòng Ủy ban nhân dân tỉnh (sau đây gọi tắt là Văn phòng)":
/// <see cref="Alias"/> "Văn phòng" stands for the agency or group <see cref="TargetId"/>.
/// </summary>
public sealed record PlanAlias(string Alias, AgencyPhrasePartKind TargetKind, string TargetId);
