using TthcServerless.Domain.Agencies;
using TthcServerless.Domain.Text;

namespace TthcServerless.Domain.Plans;

/// <summary>
/// Resolves a plan draft against an agency registry: the plan's own abbreviations first ("(sau đây gọi tắt là Văn
/// phòng)"), then each task's lead and coordinating cells and its timeframe, then one assignment per lead agency with the
/// due date for that agency's level. Whatever cannot be resolved becomes a warning; nothing is dropped.
/// </summary>
public static class PlanCompiler
{
    /// <summary>
    /// Assignments one plan may expand to. The real plan has 707; "UBND cấp xã" on every one of 2,000 tasks would be
    /// hundreds of thousands of rows written on one request.
    /// </summary>
    public const int MaxAssignments = 20_000;

    public static class WarningCodes
    {
        public const string LeadUnresolved = "lead.unresolved";
        public const string LeadEmpty = "lead.no-agency";
        public const string CoordinatingUnresolved = "coordinating.unresolved";
        public const string TimeframeUnscheduled = "timeframe.unscheduled";
        public const string TimeframeUnknownLevel = "timeframe.unknown-level";
        public const string TimeframePartlyRead = "timeframe.partly-read";
        public const string AliasUnknownTarget = "alias.unknown-target";
        public const string AliasConflict = "alias.conflict";
        public const string DocumentCut = PlanTableInterpreter.DocumentCutWarning;
    }

    public static Plan Compile(PlanIdentity identity, PlanDraft draft, AgencyRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(registry);

        var warnings = new List<ImportWarning>(draft.Warnings);
        var aliases = FindAliases(draft, registry, warnings);
        var resolver = registry.CreateResolver(aliases);
        var context = new TimeframeContext(identity.Year, identity.DecisionDate);

        var tasks = new List<PlanTask>();
        var assignments = new List<Assignment>();
        foreach (var taskDraft in draft.Tasks)
        {
            var task = new PlanTask(
                taskDraft.TaskId,
                taskDraft.SectionNumber,
                taskDraft.Number,
                taskDraft.Content,
                resolver.Resolve(taskDraft.Lead),
                resolver.Resolve(taskDraft.Coordinating),
                taskDraft.ExpectedOutput,
                TimeframeParser.Parse(taskDraft.Timeframe, context));
            tasks.Add(task);
            Warn(task, registry, warnings);

            foreach (var agencyId in task.Lead.AgencyIds)
            {
                var agency = registry.FindAgency(agencyId)!;
                var due = task.Timeframe.DueDateFor(level => registry.FindLevel(level)?.Id == agency.Level);
                assignments.Add(new Assignment(identity.PlanId, task.Id, agency.Id, agency.Level, due, task.Timeframe.Kind, task.Timeframe.Recurrence));
            }

            if (assignments.Count > MaxAssignments)
            {
                throw new PlanFormatException(
                    $"Kế hoạch giao hơn {MaxAssignments} phân công (đến nhiệm vụ {task.Id}); hãy chia kế hoạch hoặc ghi rõ cơ quan chủ trì.");
            }
        }

        return new Plan(identity, draft.Sections, tasks, assignments, aliases, warnings);
    }

    private static List<PlanAlias> FindAliases(PlanDraft draft, AgencyRegistry registry, List<ImportWarning> warnings)
    {
        var resolver = registry.CreateResolver();
        var aliases = new Dictionary<string, PlanAlias>(StringComparer.Ordinal);
        foreach (var task in draft.Tasks)
        {
            foreach (var (field, cell) in new[] { ("lead", task.Lead), ("coordinating", task.Coordinating) })
            {
                foreach (var (alias, definition) in resolver.FindAliasDefinitions(cell))
                {
                    if (definition is null)
                    {
                        warnings.Add(new ImportWarning(WarningCodes.AliasUnknownTarget, task.TaskId, field, cell,
                            $"Kế hoạch định nghĩa tên gọi tắt \"{alias}\" cho một cơ quan không có trong danh mục cơ quan."));
                        continue;
                    }

                    var key = VietnameseText.MatchKey(alias);
                    if (aliases.TryGetValue(key, out var existing) && existing.TargetId != definition.TargetId)
                    {
                        warnings.Add(new ImportWarning(WarningCodes.AliasConflict, task.TaskId, field, cell,
                            $"Tên gọi tắt \"{alias}\" được định nghĩa hai lần cho hai cơ quan khác nhau; dùng định nghĩa đầu tiên."));
                        continue;
                    }

                    aliases.TryAdd(key, definition);
                }
            }
        }

        return [.. aliases.Values];
    }

    private static void Warn(PlanTask task, AgencyRegistry registry, List<ImportWarning> warnings)
    {
        foreach (var part in task.Lead.Unresolved)
        {
            warnings.Add(new ImportWarning(WarningCodes.LeadUnresolved, task.Id, "lead", part.Text,
                $"Nhiệm vụ {task.Id}: không xác định được cơ quan chủ trì \"{part.Text}\" trong danh mục cơ quan."));
        }

        if (task.Lead.AgencyIds.Count == 0)
        {
            warnings.Add(new ImportWarning(WarningCodes.LeadEmpty, task.Id, "lead", task.Lead.Text,
                $"Nhiệm vụ {task.Id}: cơ quan chủ trì \"{task.Lead.Text}\" không ứng với cơ quan cụ thể nào, nên nhiệm vụ chưa được giao."));
        }

        foreach (var part in task.Coordinating.Unresolved)
        {
            warnings.Add(new ImportWarning(WarningCodes.CoordinatingUnresolved, task.Id, "coordinating", part.Text,
                $"Nhiệm vụ {task.Id}: không xác định được cơ quan phối hợp \"{part.Text}\" trong danh mục cơ quan."));
        }

        if (task.Timeframe.Kind == TimeframeKind.Unscheduled)
        {
            warnings.Add(new ImportWarning(WarningCodes.TimeframeUnscheduled, task.Id, "timeframe", task.Timeframe.Text,
                task.Timeframe.Warning ?? $"Nhiệm vụ {task.Id}: chưa có thời gian thực hiện."));
        }
        else if (task.Timeframe.Warning is { } partly)
        {
            // Read, but not all of it (a level's date that could not be read): the main date stands, the rest is reported.
            warnings.Add(new ImportWarning(WarningCodes.TimeframePartlyRead, task.Id, "timeframe", task.Timeframe.Text, $"Nhiệm vụ {task.Id}: {partly}"));
        }

        foreach (var levelDue in task.Timeframe.LevelDueDates.Where(l => registry.FindLevel(l.Level) is null))
        {
            warnings.Add(new ImportWarning(WarningCodes.TimeframeUnknownLevel, task.Id, "timeframe", levelDue.Level,
                $"Nhiệm vụ {task.Id}: cấp \"{levelDue.Level}\" trong thời gian thực hiện không có trong danh mục cấp hành chính."));
        }
    }
}
