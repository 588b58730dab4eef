using TthcServerless.Domain.Agencies;
using TthcServerless.Domain.Plans;

namespace TthcServerless.Functions.Plans;

/// <summary>A plan in a list.</summary>
public sealed record PlanSummary(
    string PlanId,
    string Province,
    int Year,
    string? Title,
    string? DecisionNumber,
    DateOnly? DecisionDate,
    string Revision,
    DateTimeOffset ImportedAt,
    int TaskCount,
    int AssignmentCount,
    int WarningCount);

/// <summary>A plan with its sections, the abbreviations it defines, and the warnings of its last import.</summary>
public sealed record PlanDetail(
    PlanSummary Plan,
    IReadOnlyList<PlanSection> Sections,
    IReadOnlyList<PlanAlias> Aliases,
    IReadOnlyList<ImportWarning> Warnings);

/// <summary>An agency cell: the text as written, how each piece resolved, and the concrete agencies it names.</summary>
public sealed record AgencyCell(string Text, IReadOnlyList<AgencyPhrasePart> Parts, IReadOnlyList<string> AgencyIds);

public sealed record TaskResponse(
    string TaskId,
    string Section,
    int Number,
    string Content,
    AgencyCell Lead,
    AgencyCell Coordinating,
    string ExpectedOutput,
    Timeframe Timeframe);

/// <summary>One agency's share of one task, with what the agency needs to act on it.</summary>
public sealed record AssignmentResponse(
    string PlanId,
    string TaskId,
    string AgencyId,
    string AgencyName,
    string Level,
    DateOnly? DueDate,
    TimeframeKind TimeframeKind,
    RecurrenceKind? Recurrence,
    string TimeframeText,
    string TaskContent,
    string ExpectedOutput);

public sealed record PlanChanges(IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> Changed);

/// <summary>The answer to an import: what is stored now, what changed, and what the office should check.</summary>
public sealed record PlanImportResponse(
    string PlanId,
    string Province,
    int Year,
    string Revision,
    string Status,
    int TaskCount,
    int AssignmentCount,
    PlanChanges Changes,
    IReadOnlyList<ImportWarning> Warnings);
