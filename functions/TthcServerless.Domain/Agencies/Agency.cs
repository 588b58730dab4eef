namespace TthcServerless.Domain.Agencies;

/// <summary>
/// An administrative level as a province has it: levels are data (before July 2025 a province had province, district
/// and commune levels; since then only province and commune). <see cref="Rank"/> orders them from the top.
/// </summary>
public sealed record AgencyLevel(string Id, string Name, int Rank, IReadOnlyList<string> Aliases);

/// <summary>
/// What plans name instead of agencies: "Sở, ban, ngành tỉnh", "UBND cấp xã". Members are the agencies that list the
/// group, plus — when <see cref="Level"/> or <see cref="Kinds"/> is set — every agency of that level and kind.
/// </summary>
public sealed record AgencyGroup(string Id, string Name, IReadOnlyList<string> Aliases, string? Level, IReadOnlyList<string> Kinds)
{
    public bool HasRule => Level is not null || Kinds.Count > 0;

    public bool MatchesRule(Agency agency)
    {
        ArgumentNullException.ThrowIfNull(agency);
        return HasRule
            && (Level is null || string.Equals(Level, agency.Level, StringComparison.Ordinal))
            && (Kinds.Count == 0 || (agency.Kind is not null && Kinds.Contains(agency.Kind, StringComparer.Ordinal)));
    }
}

/// <summary>
/// A concrete agency that can owe tasks: a department, a district or commune People's Committee, a sector office.
/// <see cref="Kind"/> is a free data label (e.g. <c>so</c>, <c>ubnd</c>, <c>nganh-doc</c>) that group rules use.
/// <see cref="Mailbox"/> is the agency's official mailbox for reminder email (registry data, not a person's address).
/// </summary>
public sealed record Agency(
    string Id,
    string Name,
    string Level,
    string? ParentId,
    string? Kind,
    IReadOnlyList<string> Groups,
    IReadOnlyList<string> Aliases,
    string? Mailbox = null);
