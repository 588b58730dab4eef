using TthcServerless.Domain.Text;

namespace TthcServerless.Domain.Agencies;

/// <summary>An agency as exchanged in JSON (the registry import, <c>PUT /api/agencies/{id}</c>, the sample data).</summary>
public sealed record AgencyDocument
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    public string? Level { get; init; }

    public string? ParentId { get; init; }

    public string? Kind { get; init; }

    public IReadOnlyList<string>? Groups { get; init; }

    public IReadOnlyList<string>? Aliases { get; init; }

    /// <summary>The agency's official mailbox for reminder email (optional).</summary>
    public string? Mailbox { get; init; }

    /// <summary>Paths of <c>null</c> list items (JSON <c>"groups": [null]</c>), which no list may hold.</summary>
    public IEnumerable<string> NullItems(string path) => AgencyDocumentChecks.NullItems(path + ".groups", Groups).Concat(AgencyDocumentChecks.NullItems(path + ".aliases", Aliases));

    /// <summary>
    /// The domain agency: names and aliases cleaned (NFC, single spaces), missing lists empty. Ids, levels, kinds and
    /// groups are taken exactly as sent — a value with surrounding whitespace or a line break is not trimmed into a valid
    /// one but refused by the registry's checks (docs/api.md, "Identifiers and enumerations").
    /// </summary>
    public Agency ToAgency() => new(
        Id ?? string.Empty,
        VietnameseText.Clean(Name),
        Level ?? string.Empty,
        string.IsNullOrEmpty(ParentId) ? null : ParentId,
        string.IsNullOrEmpty(Kind) ? null : Kind,
        [.. (Groups ?? []).Distinct(StringComparer.Ordinal)],
        [.. (Aliases ?? []).Select(VietnameseText.Clean).Where(a => a.Length > 0).Distinct(StringComparer.Ordinal)],
        string.IsNullOrEmpty(Mailbox) ? null : Mailbox);

    public static AgencyDocument From(Agency agency)
    {
        ArgumentNullException.ThrowIfNull(agency);
        return new AgencyDocument
        {
            Id = agency.Id,
            Name = agency.Name,
            Level = agency.Level,
            ParentId = agency.ParentId,
            Kind = agency.Kind,
            Groups = agency.Groups,
            Aliases = agency.Aliases,
            Mailbox = agency.Mailbox,
        };
    }
}

public sealed record AgencyLevelDocument
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    public int Rank { get; init; }

    public IReadOnlyList<string>? Aliases { get; init; }

    public IEnumerable<string> NullItems(string path) => AgencyDocumentChecks.NullItems(path + ".aliases", Aliases);

    public AgencyLevel ToLevel() => new(Id ?? string.Empty, VietnameseText.Clean(Name), Rank, [.. (Aliases ?? []).Select(VietnameseText.Clean).Where(a => a.Length > 0)]);

    public static AgencyLevelDocument From(AgencyLevel level)
    {
        ArgumentNullException.ThrowIfNull(level);
        return new AgencyLevelDocument { Id = level.Id, Name = level.Name, Rank = level.Rank, Aliases = level.Aliases };
    }
}

public sealed record AgencyGroupDocument
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    public IReadOnlyList<string>? Aliases { get; init; }

    public string? Level { get; init; }

    public IReadOnlyList<string>? Kinds { get; init; }

    public IEnumerable<string> NullItems(string path) =>
        AgencyDocumentChecks.NullItems(path + ".aliases", Aliases).Concat(AgencyDocumentChecks.NullItems(path + ".kinds", Kinds));

    public AgencyGroup ToGroup() => new(
        Id ?? string.Empty,
        VietnameseText.Clean(Name),
        [.. (Aliases ?? []).Select(VietnameseText.Clean).Where(a => a.Length > 0).Distinct(StringComparer.Ordinal)],
        string.IsNullOrEmpty(Level) ? null : Level,
        [.. Kinds ?? []]);

    public static AgencyGroupDocument From(AgencyGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return new AgencyGroupDocument { Id = group.Id, Name = group.Name, Aliases = group.Aliases, Level = group.Level, Kinds = group.Kinds };
    }
}

/// <summary>
/// A whole registry as JSON: levels, groups and agencies. Levels and groups may be omitted; then the defaults of
/// <see cref="DefaultRegistry"/> (the three pre-2025 levels and the usual group phrases) apply.
/// </summary>
public sealed record AgencyRegistryDocument
{
    public IReadOnlyList<AgencyLevelDocument>? Levels { get; init; }

    public IReadOnlyList<AgencyGroupDocument>? Groups { get; init; }

    public IReadOnlyList<AgencyDocument>? Agencies { get; init; }

    /// <summary>
    /// Paths of <c>null</c> items anywhere in the document (<c>agencies[3]</c>, <c>agencies[0].groups[1]</c>): JSON allows
    /// them, a registry does not, and they must be refused by name rather than fail deep inside.
    /// </summary>
    public IReadOnlyList<string> NullItems() =>
    [
        .. ItemsOf("levels", Levels, (l, p) => l.NullItems(p)),
        .. ItemsOf("groups", Groups, (g, p) => g.NullItems(p)),
        .. ItemsOf("agencies", Agencies, (a, p) => a.NullItems(p)),
    ];

    private static IEnumerable<string> ItemsOf<T>(string path, IReadOnlyList<T?>? items, Func<T, string, IEnumerable<string>> inner)
        where T : class =>
        (items ?? []).SelectMany((item, i) => item is null ? [$"{path}[{i}]"] : inner(item, $"{path}[{i}]"));

    /// <summary>Builds and validates the registry; throws <see cref="AgencyRegistryException"/> listing every problem.</summary>
    public AgencyRegistry ToRegistry() => AgencyRegistry.Create(
        Levels is { Count: > 0 } levels ? levels.Select(l => l.ToLevel()) : DefaultRegistry.Levels,
        Groups is { Count: > 0 } groups ? groups.Select(g => g.ToGroup()) : DefaultRegistry.Groups,
        (Agencies ?? []).Select(a => a.ToAgency()));

    public static AgencyRegistryDocument From(AgencyRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return new AgencyRegistryDocument
        {
            Levels = [.. registry.Levels.Select(AgencyLevelDocument.From)],
            Groups = [.. registry.Groups.Select(AgencyGroupDocument.From)],
            Agencies = [.. registry.Agencies.Select(AgencyDocument.From)],
        };
    }
}

/// <summary>
/// What a province starts with before it imports its own registry: the three levels plans still name (the district
/// level exists in pre-2025 plans) and the group phrases plans use (docs/regulations.md §5).
/// </summary>
public static class DefaultRegistry
{
    public static IReadOnlyList<AgencyLevel> Levels { get; } =
    [
        new("tinh", "Cấp tỉnh", 1, ["tỉnh"]),
        new("huyen", "Cấp huyện", 2, ["huyện, thị xã, thành phố", "quận, huyện"]),
        new("xa", "Cấp xã", 3, ["xã, phường, thị trấn", "xã, phường, đặc khu", "phường, xã, đặc khu"]),
    ];

    public static IReadOnlyList<AgencyGroup> Groups { get; } =
    [
        new("so-ban-nganh-tinh", "Sở, ban, ngành tỉnh", ["Sở, ban, ngành", "Sở, ngành tỉnh", "Sở, ngành", "cấp sở"], "tinh", ["so", "van-phong", "thanh-tra", "ban"]),
        new("co-quan-chuyen-mon-ubnd-tinh", "Các cơ quan chuyên môn thuộc UBND tỉnh", ["Cơ quan chuyên môn thuộc UBND tỉnh"], "tinh", ["so", "van-phong", "thanh-tra"]),
        new("ubnd-cap-huyen", "UBND cấp huyện", ["UBND các huyện, thị xã, thành phố", "UBND các huyện, thành phố, thị xã", "UBND huyện, thị xã, thành phố"], "huyen", ["ubnd"]),
        new("ubnd-cap-xa", "UBND cấp xã", ["UBND các xã, phường, thị trấn", "UBND xã, phường, thị trấn", "UBND các xã, phường", "UBND các phường, xã", "UBND xã, phường, đặc khu", "UBND các xã, phường, đặc khu", "UBND các phường, xã, đặc khu"], "xa", ["ubnd"]),
    ];

    public static AgencyRegistry Empty { get; } = AgencyRegistry.Create(Levels, Groups, []);
}

internal static class AgencyDocumentChecks
{
    public static IEnumerable<string> NullItems(string path, IReadOnlyList<string?>? items) =>
        (items ?? []).Select((item, i) => (item, i)).Where(x => x.item is null).Select(x => $"{path}[{x.i}]");
}
