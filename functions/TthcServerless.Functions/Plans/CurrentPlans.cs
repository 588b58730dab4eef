using System.Collections.Concurrent;
using TthcServerless.Domain.Plans;

namespace TthcServerless.Functions.Plans;

/// <summary>A plan's current revision, indexed for checking reports: its tasks and who is assigned what.</summary>
internal sealed class PlanRevisionView
{
    private readonly Dictionary<(string AgencyId, string TaskId), Assignment> _assignments;

    public PlanRevisionView(PlanHeader header, IReadOnlyList<StoredTask> tasks, IReadOnlyList<Assignment> assignments)
    {
        Header = header;
        Tasks = tasks.ToDictionary(t => t.TaskId, StringComparer.Ordinal);
        _assignments = assignments.ToDictionary(a => (a.AgencyId, a.TaskId));
    }

    public PlanHeader Header { get; }

    public IReadOnlyDictionary<string, StoredTask> Tasks { get; }

    public Assignment? Assignment(string agencyId, string taskId) => _assignments.GetValueOrDefault((agencyId, taskId));

    /// <summary>Whether this revision takes a report by an agency on a task: the task exists and is assigned to it.</summary>
    public ReportCheck CheckReport(string agencyId, string taskId) =>
        !Tasks.ContainsKey(taskId) ? ReportCheck.NoSuchTask
        : Assignment(agencyId, taskId) is null ? ReportCheck.NotAssigned
        : ReportCheck.Allowed;
}

/// <summary>What a plan revision says of a report (<see cref="PlanRevisionView.CheckReport"/>); callers word the refusal.</summary>
internal enum ReportCheck
{
    Allowed,
    NoSuchTask,
    NotAssigned,
}

/// <summary>
/// The current revision of each plan, for the hot paths (accepting and ingesting reports). A revision's content never
/// changes, so it is cached for good; only the plan header — which revision is current — is re-read, at most every
/// <see cref="HeaderLifetime"/>. After an amended import, reports are checked against the new revision within that time.
/// </summary>
internal sealed class CurrentPlans(PlanStore plans, TimeProvider time)
{
    public static readonly TimeSpan HeaderLifetime = TimeSpan.FromSeconds(2);
    private const int MaxRevisions = 32;

    private readonly ConcurrentDictionary<(string Province, string PlanId), (PlanHeader? Header, DateTimeOffset ReadAt)> _headers = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<PlanRevisionView>>> _revisions = new(StringComparer.Ordinal);

    /// <summary>The plan's current revision, or null when there is no such plan.</summary>
    public async Task<PlanRevisionView?> GetAsync(string province, string planId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        PlanHeader? header;
        if (_headers.TryGetValue((province, planId), out var cached) && now - cached.ReadAt < HeaderLifetime)
        {
            header = cached.Header;
        }
        else
        {
            header = await plans.GetAsync(province, planId, cancellationToken).ConfigureAwait(false);

            // Only plans that exist are remembered: any key holder can name made-up plan ids, which must not pile up.
            if (header is null)
            {
                _headers.TryRemove((province, planId), out _);
            }
            else
            {
                _headers[(province, planId)] = (header, now);
            }
        }

        if (header is null)
        {
            return null;
        }

        var key = $"{province}|{planId}|{header.Revision}";
        var lazy = _revisions.GetOrAdd(key, _ => new Lazy<Task<PlanRevisionView>>(() => LoadAsync(header)));
        try
        {
            return await lazy.Value.ConfigureAwait(false);
        }
        catch
        {
            _revisions.TryRemove(new KeyValuePair<string, Lazy<Task<PlanRevisionView>>>(key, lazy));
            throw;
        }
        finally
        {
            if (_revisions.Count > MaxRevisions)
            {
                // Old revisions are rarely read again; drop everything but the one in hand.
                foreach (var stale in _revisions.Keys.Where(k => k != key))
                {
                    _revisions.TryRemove(stale, out _);
                }
            }
        }
    }

    /// <summary>How many plan headers are remembered (for tests).</summary>
    internal int HeadersHeld => _headers.Count;

    /// <summary>Forget the header so the next read sees a just-imported revision at once (same instance).</summary>
    public void Invalidate(string province, string planId) => _headers.TryRemove((province, planId), out _);

    private async Task<PlanRevisionView> LoadAsync(PlanHeader header)
    {
        var tasks = await plans.GetTasksAsync(header, CancellationToken.None).ConfigureAwait(false);
        var assignments = await plans.GetAssignmentsAsync(header, null, null, null, null, CancellationToken.None).ConfigureAwait(false);
        return new PlanRevisionView(header, tasks, assignments);
    }
}
