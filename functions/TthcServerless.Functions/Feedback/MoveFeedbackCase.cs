using System.Globalization;
using TthcServerless.Domain;
using TthcServerless.Domain.Feedback;
using TthcServerless.Functions.Agencies;
using TthcServerless.Functions.Auth;
using TthcServerless.Functions.Http;

namespace TthcServerless.Functions.Feedback;

/// <summary>
/// One move of a case through the workflow (receive, classify, assign, start handling, request or supply information,
/// answer, return for rework, publish): the domain command, what reading the request already found wrong, and the
/// version the caller read (the If-Match header, empty when absent).
/// </summary>
internal sealed record MoveFeedbackCaseCommand(Caller Caller, string TrackingCode, FeedbackCommand Move, IReadOnlyList<FieldError> RequestErrors, string IfMatch);

/// <summary>Every way a move can end.</summary>
internal abstract record MoveFeedbackCaseResult
{
    /// <summary>Applied and stored with its audit line; <see cref="ETag"/> is the case's new version.</summary>
    [Responds(StatusCodes.Status200OK, Body = typeof(FeedbackCaseResponse))]
    public sealed record Moved(FeedbackCaseResponse Case, string ETag) : MoveFeedbackCaseResult;

    /// <summary>Something the move needs is missing or wrong; nothing changed.</summary>
    [Responds(StatusCodes.Status400BadRequest)]
    public sealed record Invalid(IReadOnlyList<FieldError> Errors, string Detail) : MoveFeedbackCaseResult;

    /// <summary>The caller may not make this move (an agency on a case not assigned to it, an office-only move).</summary>
    [Responds(StatusCodes.Status403Forbidden)]
    public sealed record Forbidden(string Detail) : MoveFeedbackCaseResult;

    /// <summary>No case with this code in the caller's province.</summary>
    [Responds(StatusCodes.Status404NotFound)]
    public sealed record NotFound(string Detail) : MoveFeedbackCaseResult;

    /// <summary>The move is not valid from the case's current stage.</summary>
    [Responds(StatusCodes.Status409Conflict)]
    public sealed record NotValidNow(string? Detail) : MoveFeedbackCaseResult;

    /// <summary>Another move was stored between reading and writing the case; nothing changed.</summary>
    [Responds(StatusCodes.Status409Conflict)]
    public sealed record ChangedMeanwhile : MoveFeedbackCaseResult;

    /// <summary>If-Match names a version the case has moved on from.</summary>
    [Responds(StatusCodes.Status412PreconditionFailed)]
    public sealed record Stale(int CurrentVersion) : MoveFeedbackCaseResult;
}

/// <summary>
/// Moves a case through the workflow: the domain's state machine checks the move from the current stage, and the case
/// is written with its audit line under its ETag, so two moves at once never both apply.
/// </summary>
internal sealed class MoveFeedbackCase(FeedbackStore store, FeedbackViews views, AgencyRegistryStore registries, TimeProvider time)
{
    /// <summary>The case's ETag: its version, quoted.</summary>
    public static string VersionTag(int version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    public async Task<MoveFeedbackCaseResult> HandleAsync(MoveFeedbackCaseCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (caller, trackingCode, move, requestErrors, ifMatch) = command;
        if (TrackingCode.TryParse(trackingCode) is not { } code
            || await store.FindAsync(caller.Province, code, cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            return new MoveFeedbackCaseResult.NotFound($"Không có phản ánh, kiến nghị '{trackingCode}'.");
        }

        if (RequestValues.IfMatchFails(ifMatch, VersionTag(stored.Case.Version)))
        {
            return new MoveFeedbackCaseResult.Stale(stored.Case.Version);
        }

        var errors = requestErrors.ToList();
        var current = await views.DeadlinesAsync(caller.Province, stored.Case, cancellationToken).ConfigureAwait(false);
        var result = stored.Case.Apply(move, new FeedbackActor(caller.Actor, caller.IsAdmin, caller.AgencyId), time.GetUtcNow(), current);
        switch (result.Outcome)
        {
            case FeedbackMoveOutcome.Forbidden:
                return new MoveFeedbackCaseResult.Forbidden(result.Message!);
            case FeedbackMoveOutcome.InvalidTransition:
                return new MoveFeedbackCaseResult.NotValidNow(result.Message);
            case FeedbackMoveOutcome.Invalid:
                errors.AddRange(result.Errors);
                break;
        }

        if (result.Outcome == FeedbackMoveOutcome.Applied && move.Action == FeedbackAction.Assign && move.AgencyId is { } agencyId)
        {
            var (registry, _) = await registries.GetAsync(caller.Province, cancellationToken).ConfigureAwait(false);
            if (registry.FindAgency(agencyId) is null)
            {
                errors.Add(new FieldError("agencyId", $"không có cơ quan '{agencyId}' trong danh mục."));
            }
        }

        if (errors.Count > 0)
        {
            return new MoveFeedbackCaseResult.Invalid(errors, "Thiếu hoặc sai thông tin cho thao tác này; không có gì thay đổi.");
        }

        var next = result.Case!;
        var deadlines = await views.DeadlinesAsync(caller.Province, next, cancellationToken).ConfigureAwait(false);
        StoredFeedbackCase saved;
        try
        {
            saved = await store.SaveMoveAsync(stored, next, result.Audit!, deadlines.Current, cancellationToken).ConfigureAwait(false);
        }
        catch (FeedbackCaseChangedException)
        {
            return new MoveFeedbackCaseResult.ChangedMeanwhile();
        }

        var view = await views.StaffViewAsync(caller.Province, saved, caller, withDetails: false, cancellationToken, deadlines).ConfigureAwait(false);
        return new MoveFeedbackCaseResult.Moved(view, VersionTag(saved.Case.Version));
    }
}
