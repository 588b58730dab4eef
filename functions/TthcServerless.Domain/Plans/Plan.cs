using TthcServerless.Domain.Agencies;

namespace TthcServerless.Domain.Plans;

/// <summary>Which plan this is: the id the office chose, the province (tenant), the year and the issuing decision.</summary>
public sealed record PlanIdentity(string PlanId, string Province, int Year, string? Title, string? DecisionNumber, DateOnly? DecisionDate);

/// <summary>A task with its cells interpreted: who leads (resolved), who coordinates (resolved), and when.</summary>
public sealed record PlanTask(
    string Id,
    string SectionNumber,
    int Number,
    string Content,
    AgencyPhraseResolution Lead,
    AgencyPhraseResolution Coordinating,
    string ExpectedOutput,
    Timeframe Timeframe);

/// <summary>
/// One agency's share of one task: the lead phrase "Sở, ban, ngành tỉnh" becomes one assignment per department. The due
/// date is the one for the agency's level ("Cấp xã: 02/2022" for communes); null when the timeframe has none.
/// </summary>
public sealed record Assignment(
    string PlanId,
    string TaskId,
    string AgencyId,
    string Level,
    DateOnly? DueDate,
    TimeframeKind TimeframeKind,
    RecurrenceKind? Recurrence);

/// <summary>Something the office should look at after an import; the import itself went through.</summary>
public sealed record ImportWarning(string Code, string? TaskId, string? Field, string Text, string Message);

/// <summary>A plan as imported: its tasks resolved against the agency registry, expanded into assignments.</summary>
public sealed record Plan(
    PlanIdentity Identity,
    IReadOnlyList<PlanSection> Sections,
    IReadOnlyList<PlanTask> Tasks,
    IReadOnlyList<Assignment> Assignments,
    IReadOnlyList<PlanAlias> Aliases,
    IReadOnlyList<ImportWarning> Warnings);
