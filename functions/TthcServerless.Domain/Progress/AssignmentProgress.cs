namespace TthcServerless.Domain.Progress;

/// <summary>
/// The latest known state of one assignment: what its most recent update (by reported time, then id) said, the last
/// output document reported, and which reporting periods were reported on. Applying an update is idempotent and
/// order-independent, so redelivered or concurrent messages converge on the same snapshot.
/// </summary>
public sealed record AssignmentProgress(
    string LatestUpdateId,
    DateTimeOffset LatestReportedAt,
    TaskProgressStatus Status,
    int? ProgressPercent,
    DateOnly? CompletedOn,
    OutputDocument? OutputDocument,
    DateTimeOffset FirstReportedAt,
    IReadOnlyList<string> ReportedPeriods)
{
    /// <summary>Value equality, periods compared by content: two machines applying the same updates agree.</summary>
    public bool Equals(AssignmentProgress? other) =>
        other is not null
        && LatestUpdateId == other.LatestUpdateId && LatestReportedAt == other.LatestReportedAt && Status == other.Status
        && ProgressPercent == other.ProgressPercent && CompletedOn == other.CompletedOn && Equals(OutputDocument, other.OutputDocument)
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
                update.OutputDocument, update.ReportedAt, [update.PeriodId]);
        }

        var periods = current.ReportedPeriods.Contains(update.PeriodId, StringComparer.Ordinal)
            ? current.ReportedPeriods
            : [.. current.ReportedPeriods.Append(update.PeriodId).Order(StringComparer.Ordinal).TakeLast(MaxPeriods)];
        var first = update.ReportedAt < current.FirstReportedAt ? update.ReportedAt : current.FirstReportedAt;
        var newer = TaskUpdate.CompareRecency(update.ReportedAt, update.UpdateId, current.LatestReportedAt, current.LatestUpdateId) > 0;
        return newer
            ? new AssignmentProgress(update.UpdateId, update.ReportedAt, update.Status, update.ProgressPercent, update.CompletedOn,
                update.OutputDocument ?? current.OutputDocument, first, periods)
            : current with { FirstReportedAt = first, ReportedPeriods = periods };
    }
}
