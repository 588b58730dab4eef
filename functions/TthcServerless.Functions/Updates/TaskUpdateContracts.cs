using TthcServerless.Domain.Progress;

namespace TthcServerless.Functions.Updates;

/// <summary>The body of <c>POST /api/plans/{planId}/tasks/{taskId}/updates</c>.</summary>
public sealed record TaskUpdateRequest
{
    /// <summary>Required when an admin reports on behalf of an agency; with an agency key it must be the key's agency or omitted.</summary>
    public string? AgencyId { get; init; }

    /// <summary><c>not-started</c>, <c>in-progress</c> or <c>completed</c>.</summary>
    public string? Status { get; init; }

    public int? ProgressPercent { get; init; }

    /// <summary>Required when completed.</summary>
    public DateOnly? CompletedOn { get; init; }

    public OutputDocumentRequest? OutputDocument { get; init; }

    public string? Summary { get; init; }

    /// <summary>Khó khăn, vướng mắc.</summary>
    public string? Difficulties { get; init; }

    /// <summary>Đề xuất, kiến nghị.</summary>
    public string? Proposals { get; init; }

    /// <summary>The reporting period the report speaks for (<c>2022-03</c>, <c>2022-Q1</c>, …); default: the current month's.</summary>
    public string? Period { get; init; }
}

public sealed record OutputDocumentRequest
{
    /// <summary>Số, ký hiệu: "45/QĐ-UBND".</summary>
    public string? Number { get; init; }

    public DateOnly? Date { get; init; }

    public string? Title { get; init; }
}

/// <summary>The 202 answer: the update is durably queued; follow <see cref="StatusUrl"/> for its outcome.</summary>
public sealed record TaskUpdateAccepted(string UpdateId, string Status, string StatusUrl, string PlanId, string TaskId, string AgencyId, string Period, DateTimeOffset ReportedAt);

/// <summary>The states an update's status URL reports.</summary>
public static class TaskUpdateStates
{
    /// <summary>Accepted and in the queue; not decided yet.</summary>
    public const string Queued = "queued";

    /// <summary>In the history, and the assignment's snapshot reflects it.</summary>
    public const string Stored = "stored";

    /// <summary>Not stored, with the reason (the plan changed, or the message could not be processed).</summary>
    public const string Rejected = "rejected";
}

/// <summary>What became of an update: <c>queued</c>, <c>stored</c> or <c>rejected</c> (with the reason).</summary>
public sealed record TaskUpdateStatus(string UpdateId, string State, string PlanId, string TaskId, string AgencyId, DateTimeOffset AcceptedAt, DateTimeOffset? StoredAt, string? Reason);

/// <summary>One row of a task's history.</summary>
public sealed record TaskUpdateHistoryItem(
    string UpdateId,
    string AgencyId,
    DateTimeOffset ReportedAt,
    string ReportedBy,
    TaskProgressStatus Status,
    int? ProgressPercent,
    DateOnly? CompletedOn,
    OutputDocument? OutputDocument,
    string? Summary,
    string? Difficulties,
    string? Proposals,
    string Period);

public sealed record TaskUpdateHistoryPage(IReadOnlyList<TaskUpdateHistoryItem> Items, string? ContinuationToken);

/// <summary>An assignment with its latest progress and where it stands today.</summary>
public sealed record AssignmentProgressResponse(
    string PlanId,
    string TaskId,
    string AgencyId,
    string AgencyName,
    string Level,
    DateOnly? DueDate,
    Domain.Plans.Timeframe Timeframe,
    AssignmentProgress? Progress,
    AssignmentStanding Standing);

/// <summary>
/// The queue message: one or more accepted updates (grouped by the outbox so a burst costs few queue operations).
/// <see cref="V"/> versions the shape; a consumer refuses versions it does not know.
/// </summary>
public sealed record TaskUpdateBatch(int V, IReadOnlyList<QueuedTaskUpdate> Updates)
{
    public const int CurrentVersion = 1;
}

/// <summary>An accepted update and the province it belongs to.</summary>
public sealed record QueuedTaskUpdate(string Province, TaskUpdate Update);
