using Microsoft.Extensions.Options;
using TthcServerless.Domain;
using TthcServerless.Domain.Agencies;
using TthcServerless.Domain.Feedback;
using TthcServerless.Functions.Agencies;
using TthcServerless.Functions.Auth;
using TthcServerless.Functions.WorkingDays;
using TthcServerless.Domain.Text;

namespace TthcServerless.Functions.Feedback;

/// <summary>
/// What each audience sees of a case, with its deadlines computed now (today's calendar, the configured limits): the
/// public tracking view (no personal data, no content, no staff notes), and the staff view (the sender's contact only
/// for the office and the assigned agency).
/// </summary>
internal sealed class FeedbackViews(FeedbackStore store, CalendarStore calendars, AgencyRegistryStore registries, IOptions<FeedbackOptions> options, TimeProvider time)
{
    public FeedbackLimits Limits => options.Value.Limits;

    public DateOnly Today => VietnamTime.Today(time);

    public async Task<FeedbackDeadlines> DeadlinesAsync(string province, FeedbackCase feedback, CancellationToken cancellationToken)
    {
        var calendar = await calendars.GetAsync(province, cancellationToken).ConfigureAwait(false);
        return FeedbackDeadlines.For(feedback, Limits, calendar.Calendar);
    }

    /// <summary>Whether the caller may see the contact: the office, or the agency the case is assigned to now.</summary>
    public static bool MaySeeContact(Caller caller, FeedbackCase feedback)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(feedback);
        return caller.IsAdmin || (caller.IsAgency && caller.AgencyId is not null && caller.AgencyId == feedback.AssignedAgencyId);
    }

    /// <summary>The staff view; <paramref name="deadlines"/> when the caller has just computed them for this very case.</summary>
    public async Task<FeedbackCaseResponse> StaffViewAsync(
        string province, StoredFeedbackCase stored, Caller caller, bool withDetails, CancellationToken cancellationToken, FeedbackDeadlines? deadlines = null)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var c = stored.Case;
        deadlines ??= await DeadlinesAsync(province, c, cancellationToken).ConfigureAwait(false);
        var (registry, _) = await registries.GetAsync(province, cancellationToken).ConfigureAwait(false);
        var contact = withDetails && MaySeeContact(caller, c) ? await store.GetContactAsync(stored, cancellationToken).ConfigureAwait(false) : null;
        var history = withDetails ? await store.GetHistoryAsync(stored, cancellationToken).ConfigureAwait(false) : null;
        return new FeedbackCaseResponse(
            c.Code.ToString(), c.Kind, c.Topic, c.Subject, c.Content, c.AgencyConcerned, c.Channel, c.SubmitterType,
            c.Stage, FeedbackWorkflow.Label(c.Stage), c.ResumeStage,
            [.. FeedbackWorkflow.ActionsFrom(c.Stage).Select(ActionPath).Distinct()],
            c.SubmittedAt, c.SubmittedOn, c.ClockStartedOn, c.ReceivedAt,
            c.AssignedAgencyId, AgencyName(registry, c.AssignedAgencyId),
            c.RefusalReason, c.Reply, c.InformationRequest, c.InformationRequestedOn, c.Answer, c.PublishedAt,
            ToResponse(deadlines), c.Version, c.ChangedAt, contact, history);
    }

    public async Task<FeedbackTrackingResponse> PublicViewAsync(string province, StoredFeedbackCase stored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var c = stored.Case;
        var deadlines = await DeadlinesAsync(province, c, cancellationToken).ConfigureAwait(false);
        var (registry, _) = await registries.GetAsync(province, cancellationToken).ConfigureAwait(false);
        var history = await store.GetHistoryAsync(stored, cancellationToken).ConfigureAwait(false);
        var answer = c.Stage == FeedbackStage.Published && c.Answer is { } given && c.PublishedAt is { } published
            ? new FeedbackPublicAnswer(given.Text, given.DocumentReference, given.AnsweredOn, VietnamTime.DateOf(published))
            : null;
        return new FeedbackTrackingResponse(
            c.Code.ToString(), c.Kind, c.Stage, FeedbackWorkflow.Label(c.Stage), c.SubmittedOn, c.ChangedAt,
            AgencyName(registry, c.AssignedAgencyId), deadlines.Current, deadlines.CurrentKind, deadlines.IsOverdue(Today),
            c.Stage == FeedbackStage.AwaitingInformation ? c.InformationRequest : null,
            answer,
            c.Stage == FeedbackStage.Rejected ? c.Reply : null,
            [.. history.Select(h => new FeedbackTrackingStep(h.To, FeedbackWorkflow.Label(h.To), VietnamTime.DateOf(h.At)))]);
    }

    /// <summary>The path segment of an action (<c>POST /api/feedback/{code}/{segment}</c>); both classify moves are "classify".</summary>
    public static string ActionPath(FeedbackAction action) => action is FeedbackAction.ClassifyInScope or FeedbackAction.ClassifyOutOfScope
        ? "classify"
        : WireName.Of(action);

    private FeedbackDeadlinesResponse ToResponse(FeedbackDeadlines d) =>
        new(d.ClassifyBy, d.RequestInformationBy, d.AnswerBy, d.PublishBy, d.CurrentKind, d.Current, d.IsOverdue(Today), d.Problem);

    private static string? AgencyName(AgencyRegistry registry, string? agencyId) =>
        agencyId is null ? null : registry.FindAgency(agencyId)?.Name ?? agencyId;
}
