namespace TthcServerless.Domain.Progress;

/// <summary>Where an agency says it stands on a task.</summary>
public enum TaskProgressStatus
{
    NotStarted,
    InProgress,
    Completed,
}

/// <summary>The document a task produced, when there is one: "45/QĐ-UBND", its date and title.</summary>
public sealed record OutputDocument(string? Number, DateOnly? Date, string? Title);

/// <summary>
/// A progress report on one assignment, as accepted: <see cref="UpdateId"/> and <see cref="ReportedAt"/> are fixed at
/// acceptance (and reused for a retried request with the same Idempotency-Key), so storing it is idempotent.
/// </summary>
public sealed record TaskUpdate(
    string UpdateId,
    string PlanId,
    string TaskId,
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
    string PeriodId)
{
    /// <summary>Orders updates by reported time, then by id, so "the latest" is the same on every machine.</summary>
    public static int CompareRecency(DateTimeOffset reportedA, string idA, DateTimeOffset reportedB, string idB)
    {
        var byTime = reportedA.UtcTicks.CompareTo(reportedB.UtcTicks);
        return byTime != 0 ? byTime : string.CompareOrdinal(idA, idB);
    }
}
