using System.Collections.Frozen;
using System.Text.RegularExpressions;
using TthcServerless.Domain.Text;

namespace TthcServerless.Domain.Agencies;

/// <summary>Thrown when registry data is inconsistent; carries every problem found, not just the first.</summary>
public sealed class AgencyRegistryException(IReadOnlyList<FieldError> errors)
    : Exception("The agency registry is invalid: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")))
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;
}

/// <summary>
/// A province's agencies, groups and levels, validated as a whole: ids are well formed, every reference exists, and no
/// name or alias means two different things. Immutable and safe to share.
/// </summary>
public sealed partial class AgencyRegistry
{
    public const int MaxNameLength = 200;
    public const int MaxAliases = 50;

    private readonly FrozenDictionary<string, Agency> _agencies;
    private readonly FrozenDictionary<string, AgencyGroup> _groups;
    private readonly FrozenDictionary<string, IReadOnlyList<Agency>> _members;
    private readonly FrozenDictionary<string, IReadOnlyList<string>> _groupsOf;
    private readonly FrozenDictionary<string, AgencyLevel> _levelsByKey;
    private readonly Lazy<AgencyVocabulary> _vocabulary;

    private AgencyRegistry(IReadOnlyList<AgencyLevel> levels, IReadOnlyList<AgencyGroup> groups, IReadOnlyList<Agency> agencies)
    {
        Levels = [.. levels.OrderBy(l => l.Rank)];
        Groups = groups;
        Agencies = agencies;
        _agencies = agencies.ToFrozenDictionary(a => a.Id, StringComparer.Ordinal);
        _groups = groups.ToFrozenDictionary(g => g.Id, StringComparer.Ordinal);
        _members = groups.ToFrozenDictionary(
            g => g.Id,
            g => (IReadOnlyList<Agency>)[.. agencies.Where(a => a.Groups.Contains(g.Id, StringComparer.Ordinal) || g.MatchesRule(a))],
            StringComparer.Ordinal);
        _groupsOf = groups
            .SelectMany(g => _members[g.Id].Select(a => (Agency: a.Id, Group: g.Id)))
            .GroupBy(x => x.Agency, StringComparer.Ordinal)
            .ToFrozenDictionary(x => x.Key, x => (IReadOnlyList<string>)[.. x.Select(y => y.Group)], StringComparer.Ordinal);

        var levelKeys = new Dictionary<string, AgencyLevel>(StringComparer.Ordinal);
        foreach (var level in Levels)
        {
            foreach (var name in level.Aliases.Prepend(level.Name).Prepend(level.Id))
            {
                levelKeys.TryAdd(VietnameseText.MatchKey(name), level);
            }
        }

        _levelsByKey = levelKeys.ToFrozenDictionary(StringComparer.Ordinal);
        _vocabulary = new Lazy<AgencyVocabulary>(() => AgencyVocabulary.For(this));
    }

    public IReadOnlyList<AgencyLevel> Levels { get; }

    public IReadOnlyList<AgencyGroup> Groups { get; }

    public IReadOnlyList<Agency> Agencies { get; }

    internal AgencyVocabulary Vocabulary => _vocabulary.Value;

    /// <summary>Validates and builds a registry; throws <see cref="AgencyRegistryException"/> listing every problem.</summary>
    public static AgencyRegistry Create(IEnumerable<AgencyLevel> levels, IEnumerable<AgencyGroup> groups, IEnumerable<Agency> agencies)
    {
        var levelList = levels?.ToList() ?? throw new ArgumentNullException(nameof(levels));
        var groupList = groups?.ToList() ?? throw new ArgumentNullException(nameof(groups));
        var agencyList = agencies?.ToList() ?? throw new ArgumentNullException(nameof(agencies));
        var errors = Validate(levelList, groupList, agencyList);
        if (errors.Count > 0)
        {
            throw new AgencyRegistryException(errors);
        }

        return new AgencyRegistry(levelList, groupList, agencyList);
    }

    /// <summary>The same registry with agencies added or replaced by id (validated as a whole).</summary>
    public AgencyRegistry WithAgencies(IEnumerable<Agency> upserts)
    {
        ArgumentNullException.ThrowIfNull(upserts);
        var byId = Agencies.ToDictionary(a => a.Id, StringComparer.Ordinal);
        var order = Agencies.Select(a => a.Id).ToList();
        var incoming = upserts.ToList();

        // Two records of one id in one change: which is meant cannot be told, so neither is chosen (nothing is saved).
        var duplicates = incoming.Select((a, i) => (a.Id, i)).GroupBy(x => x.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).ToList();
        if (duplicates.Count > 0)
        {
            throw new AgencyRegistryException([.. duplicates.SelectMany(g => g.Skip(1).Select(x =>
                new FieldError($"agencies[{x.i}].id", $"cơ quan '{g.Key}' có mặt {g.Count()} lần trong cùng một lần nhập")))]);
        }

        foreach (var agency in incoming)
        {
            if (!byId.ContainsKey(agency.Id))
            {
                order.Add(agency.Id);
            }

            byId[agency.Id] = agency;
        }

        return Create(Levels, Groups, order.Select(id => byId[id]));
    }

    public Agency? FindAgency(string id) => _agencies.GetValueOrDefault(id);

    public AgencyGroup? FindGroup(string id) => _groups.GetValueOrDefault(id);

    /// <summary>The concrete agencies a group stands for, in registry order.</summary>
    public IReadOnlyList<Agency> MembersOf(string groupId) => _members.GetValueOrDefault(groupId) ?? [];

    /// <summary>The groups an agency belongs to (named in its record or by a group's rule), in group order.</summary>
    public IReadOnlyList<string> GroupsOf(string agencyId) => _groupsOf.GetValueOrDefault(agencyId) ?? [];

    /// <summary>A level by id, name or alias ("xa", "Cấp xã", "cấp xã", "xã, phường, thị trấn").</summary>
    public AgencyLevel? FindLevel(string idOrName) => _levelsByKey.GetValueOrDefault(VietnameseText.MatchKey(idOrName));

    /// <summary>A resolver for cells of one plan, which may define its own abbreviations.</summary>
    public AgencyPhraseResolver CreateResolver(IEnumerable<PlanAlias>? planAliases = null) => new(this, planAliases ?? []);

    public const int MaxMailboxLength = 254;

    /// <summary>A bare address (no display name, no spaces), as an agency's official mailbox is written.</summary>
    public static bool IsMailbox(string mailbox) =>
        mailbox.Length <= MaxMailboxLength && !mailbox.Any(char.IsWhiteSpace)
        && System.Net.Mail.MailAddress.TryCreate(mailbox, out var address) && address.Address == mailbox && address.DisplayName.Length == 0
        && address.Host.Contains('.', StringComparison.Ordinal);

    public static bool IsValidId(string? id) => id is { Length: <= 63 } && IdPattern().IsMatch(id);

    private static List<FieldError> Validate(List<AgencyLevel> levels, List<AgencyGroup> groups, List<Agency> agencies)
    {
        var errors = new List<FieldError>();
        var levelIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (level, index) in levels.Select((l, i) => (l, i)))
        {
            CheckId(level.Id, $"levels[{index}].id", errors);
            CheckName(level.Name, $"levels[{index}].name", errors);
            if (!levelIds.Add(level.Id))
            {
                errors.Add(new($"levels[{index}].id", $"cấp '{level.Id}' được khai báo hai lần"));
            }
        }

        var groupIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (group, index) in groups.Select((g, i) => (g, i)))
        {
            CheckId(group.Id, $"groups[{index}].id", errors);
            CheckName(group.Name, $"groups[{index}].name", errors);
            CheckAliases(group.Aliases, $"groups[{index}].aliases", errors);
            if (!groupIds.Add(group.Id))
            {
                errors.Add(new($"groups[{index}].id", $"nhóm '{group.Id}' được khai báo hai lần"));
            }

            if (group.Level is not null && !levelIds.Contains(group.Level))
            {
                errors.Add(new($"groups[{index}].level", $"không có cấp '{group.Level}'"));
            }

            foreach (var kind in group.Kinds)
            {
                CheckId(kind, $"groups[{index}].kinds", errors);
            }
        }

        var agencyIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (agency, index) in agencies.Select((a, i) => (a, i)))
        {
            CheckId(agency.Id, $"agencies[{index}].id", errors);
            if (!agencyIds.Add(agency.Id))
            {
                errors.Add(new($"agencies[{index}].id", $"cơ quan '{agency.Id}' được khai báo hai lần"));
            }
        }

        foreach (var (agency, index) in agencies.Select((a, i) => (a, i)))
        {
            var at = $"agencies[{index}]";
            CheckName(agency.Name, $"{at}.name", errors);
            if (agency.Kind is not null)
            {
                CheckId(agency.Kind, $"{at}.kind", errors);
            }

            CheckAliases(agency.Aliases, $"{at}.aliases", errors);
            if (agency.Mailbox is not null && !IsMailbox(agency.Mailbox))
            {
                errors.Add(new($"{at}.mailbox", $"'{agency.Mailbox}' không phải địa chỉ thư điện tử hợp lệ (dạng ten@coquan.gov.vn, tối đa {MaxMailboxLength} ký tự)"));
            }

            if (!levelIds.Contains(agency.Level))
            {
                errors.Add(new($"{at}.level", $"không có cấp '{agency.Level}' (các cấp đã khai báo: {string.Join(", ", levelIds)})"));
            }

            if (agency.ParentId is not null && (!agencyIds.Contains(agency.ParentId) || agency.ParentId == agency.Id))
            {
                errors.Add(new($"{at}.parentId", $"không có cơ quan cấp trên '{agency.ParentId}'"));
            }

            foreach (var group in agency.Groups.Where(g => !groupIds.Contains(g)))
            {
                errors.Add(new($"{at}.groups", $"không có nhóm '{group}'"));
            }
        }

        CheckParentCycles(agencies, errors);
        CheckNameCollisions(groups, agencies, errors);
        return errors;
    }

    private static void CheckParentCycles(List<Agency> agencies, List<FieldError> errors)
    {
        var parents = agencies.GroupBy(a => a.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().ParentId, StringComparer.Ordinal);
        foreach (var agency in agencies)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal) { agency.Id };
            for (var parent = agency.ParentId; parent is not null && parents.TryGetValue(parent, out var next); parent = next)
            {
                if (!seen.Add(parent))
                {
                    errors.Add(new($"agencies.{agency.Id}.parentId", "chuỗi cơ quan cấp trên quay vòng về chính cơ quan này"));
                    break;
                }
            }
        }
    }

    private static void CheckNameCollisions(List<AgencyGroup> groups, List<Agency> agencies, List<FieldError> errors)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        void Claim(string name, string owner, string field)
        {
            var key = VietnameseText.MatchKey(name);
            if (key.Length == 0)
            {
                return;
            }

            if (owners.TryGetValue(key, out var existing) && existing != owner)
            {
                errors.Add(new(field, $"'{name}' đã là tên của {existing}"));
            }
            else
            {
                owners[key] = owner;
            }
        }

        foreach (var group in groups)
        {
            foreach (var name in group.Aliases.Prepend(group.Name))
            {
                Claim(name, $"nhóm '{group.Id}'", $"groups.{group.Id}");
            }
        }

        foreach (var agency in agencies)
        {
            foreach (var name in agency.Aliases.Prepend(agency.Name))
            {
                Claim(name, $"cơ quan '{agency.Id}'", $"agencies.{agency.Id}");
            }
        }
    }

    private static void CheckId(string? id, string field, List<FieldError> errors)
    {
        if (!IsValidId(id))
        {
            errors.Add(new(field, $"'{id}' không phải mã hợp lệ: tối đa 63 ký tự gồm chữ thường không dấu và chữ số, nối bằng một dấu gạch ngang"));
        }
    }

    private static void CheckName(string? name, string field, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(new(field, "bắt buộc"));
        }
        else if (name.Length > MaxNameLength)
        {
            errors.Add(new(field, $"dài hơn {MaxNameLength} ký tự"));
        }
    }

    private static void CheckAliases(IReadOnlyList<string> aliases, string field, List<FieldError> errors)
    {
        if (aliases.Count > MaxAliases)
        {
            errors.Add(new(field, $"có hơn {MaxAliases} tên gọi khác"));
        }

        foreach (var alias in aliases)
        {
            CheckName(alias, field, errors);
        }
    }

    // Lowercase words joined by single hyphens: "so-tu-phap", "ubnd-xa-an-huu-cai-be".
    // \z, not $: "$" also matches before a final line break, and an id is exact (docs/api.md, "Identifiers").
    [GeneratedRegex(@"^[a-z0-9]+(-[a-z0-9]+)*\z")]
    private static partial Regex IdPattern();
}
