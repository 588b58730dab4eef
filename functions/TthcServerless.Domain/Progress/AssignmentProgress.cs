namespace TthcServerless.Domain.Progress;

/// <summary>
/// The latest known state of one assignment: what its most recent update (by reported time, then id) said, the most
/// recent output document reported (by the same order, among the updates that carried one), and which reporting periods
/// were reported on. Applying an update is idempotent and order-independent, so redelivered, concurrent or out-of-order
/// messages converge on the same snapshot.
/// </summary>
public sealed record AssignmentProgress(
    string LatestUpdateId,
    DateTimeOffset LatestReportedAt,
    TaskProgressStatus Status,
    int? ProgressPercent,
    DateOnly? CompletedOn,
    OutputDocument? OutputDocument,
    DateTimeOffset FirstReportedAt,
    IReadOnlyList<string> ReportedPeriods,
    string? DocumentUpdateId = null,
    DateTimeOffset? DocumentReportedAt = null)
{
    /// <summary>Value equality, periods compared by content: two machines applying the same updates agree.</summary>
    public bool Equals(AssignmentProgress? other) =>
        other is not null
        && LatestUpdateId == other.LatestUpdateId && LatestReportedAt == other.LatestReportedAt && Status == other.Status
        && ProgressPercent == other.ProgressPercent && CompletedOn == other.CompletedOn && Equals(OutputDocument, other.OutputDocument)
        && DocumentUpdateId == other.DocumentUpdateId && DocumentReportedAt == other.DocumentReportedAt
        && FirstReportedAt == other.FirstReportedAt && ReportedPeriods.SequenceEqual(other.ReportedPeriods, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(LatestUpdateId, LatestReportedAt, Status, ReportedPeriods.Count);

    /// <summary>Periods kept for "reported this period": enough for three years of monthly reports.</summary>
    public const int MaxPeriods = 36;

    public static AssignmentProgress Apply(AssignmentProgress? current, TaskUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (current is null)
        {
            return new AssignmentProgress(update.UpdateId, update.ReportedAt, update.Status, update.ProgressPercent, update.CompletedOn,
                update.OutputDocument, update.ReportedAt, [update.PeriodId],
                update.OutputDocument is null ? null : update.UpdateId, update.OutputDocument is null ? null : update.ReportedAt);
        }

        var periods = current.ReportedPeriods.Contains(update.PeriodId, StringComparer.Ordinal)
            ? current.ReportedPeriods
            : [.. current.ReportedPeriods.Append(update.PeriodId).Order(StringComparer.Ordinal).TakeLast(MaxPeriods)];
        var first = update.ReportedAt < current.FirstReportedAt ? update.ReportedAt : current.FirstReportedAt;

        // The document has a recency of its own: a later update without one keeps it, and an earlier update's document,
        // arriving late, still replaces an older one. (A snapshot stored before documents carried their own recency
        // dates its document by the snapshot's latest update.)
        var document = current.OutputDocument;
        var documentId = document is null ? null : current.DocumentUpdateId ?? current.LatestUpdateId;
        var documentAt = document is null ? null : current.DocumentReportedAt ?? (DateTimeOffset?)current.LatestReportedAt;
        if (update.OutputDocument is not null
            && (documentId is null || TaskUpdate.CompareRecency(update.ReportedAt, update.UpdateId, documentAt!.Value, documentId) > 0))
        {
            (document, documentId, documentAt) = (update.OutputDocument, update.UpdateId, update.ReportedAt);
        }

        var newer = TaskUpdate.CompareRecency(update.ReportedAt, update.UpdateId, current.LatestReportedAt, current.LatestUpdateId) > 0;
        return newer
            ? new AssignmentProgress(update.UpdateId, update.ReportedAt, update.Status, update.ProgressPercent, update.CompletedOn,
                document, first, periods, documentId, documentAt)
            : current with { FirstReportedAt = first, ReportedPeriods = periods, OutputDocument = document, DocumentUpdateId = documentId, DocumentReportedAt = documentAt };
    }
}
