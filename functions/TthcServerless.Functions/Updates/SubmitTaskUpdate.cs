using System.Security.Cryptography;
using System.Text.Json;
using TthcServerless.Domain;
using TthcServerless.Domain.Agencies;
using TthcServerless.Domain.Periods;
using TthcServerless.Domain.Progress;
using TthcServerless.Domain.Text;
using TthcServerless.Functions.Auth;
using TthcServerless.Functions.Http;
using TthcServerless.Functions.Plans;

namespace TthcServerless.Functions.Updates;

/// <summary>An agency's report on one task, as sent: who sends it, for which task, and the Idempotency-Key header if any.</summary>
internal sealed record SubmitTaskUpdateCommand(Caller Caller, string PlanId, string TaskId, TaskUpdateRequest Report, string? IdempotencyKey);

/// <summary>Every way submitting a report can end.</summary>
internal abstract record SubmitTaskUpdateResult
{
    /// <summary>Queued: the status URL will say stored or rejected.</summary>
    [Responds(StatusCodes.Status202Accepted, Body = typeof(TaskUpdateAccepted))]
    public sealed record Accepted(TaskUpdateAccepted Receipt) : SubmitTaskUpdateResult;

    /// <summary>A field is wrong; nothing was recorded.</summary>
    [Responds(StatusCodes.Status400BadRequest)]
    public sealed record Invalid(IReadOnlyList<FieldError> Errors, string? Detail = null) : SubmitTaskUpdateResult;

    /// <summary>An agency key reporting for another agency, or on a task not assigned to it.</summary>
    [Responds(StatusCodes.Status403Forbidden)]
    public sealed record Forbidden(string Detail) : SubmitTaskUpdateResult;

    /// <summary>No such plan or task.</summary>
    [Responds(StatusCodes.Status404NotFound)]
    public sealed record NotFound(string Detail) : SubmitTaskUpdateResult;

    /// <summary>The report would not fit in a queue message; refused before anything is written.</summary>
    [Responds(StatusCodes.Status413PayloadTooLarge)]
    public sealed record TooLarge(long Limit) : SubmitTaskUpdateResult;

    /// <summary>The Idempotency-Key was used for a different report.</summary>
    [Responds(StatusCodes.Status422UnprocessableEntity)]
    public sealed record KeyReused : SubmitTaskUpdateResult;
}

/// <summary>
/// Submits a report on a task: checks it (types, ranges, dates, lengths, that the task is assigned to the agency), claims
/// its Idempotency-Key, and queues it. A retried request with the same key gets the first request's id and time back, and
/// storing is idempotent, so nothing is stored twice.
/// </summary>
internal sealed class SubmitTaskUpdate(CurrentPlans plans, TaskUpdateOutbox outbox, IdempotencyKeys keys, ReportingCalendar calendar, TimeProvider time)
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const int MaxIdempotencyKeyLength = 200;

    /// <summary>Where a queued update's state is read (GET /api/updates/{updateId}).</summary>
    public static string StatusUrl(string updateId) => $"/api/updates/{updateId}";

    public async Task<SubmitTaskUpdateResult> HandleAsync(SubmitTaskUpdateCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (caller, planId, taskId, body, idempotencyKey) = command;

        // Who the report is for: an agency key reports for its own agency; an admin names the agency.
        if (!caller.TryScopeAgency(body.AgencyId, out var scoped))
        {
            return new SubmitTaskUpdateResult.Forbidden("Khóa của cơ quan chỉ báo cáo được cho chính cơ quan đó.");
        }

        if (scoped is not { } agencyId || !AgencyRegistry.IsValidId(agencyId))
        {
            return new SubmitTaskUpdateResult.Invalid([new FieldError("agencyId", "Quản trị báo cáo thay cơ quan phải ghi agencyId hợp lệ.")]);
        }

        var today = VietnamTime.Today(time);
        var errors = new List<FieldError>();
        TaskProgressStatus? status = WireName.TryParse<TaskProgressStatus>(body.Status, out var parsed) ? parsed : null;
        if (status is null)
        {
            errors.Add(new FieldError("status", $"phải là một trong {string.Join(", ", WireName.All<TaskProgressStatus>().Select(n => $"'{n}'"))}."));
        }
        else
        {
            TaskUpdateRules.CheckProgress(status.Value, body.ProgressPercent, body.CompletedOn, today, errors);
        }

        var summary = FieldText.Clean(body.Summary, "summary", TaskUpdateRules.MaxTextLength, multiline: true, errors);
        var difficulties = FieldText.Clean(body.Difficulties, "difficulties", TaskUpdateRules.MaxTextLength, multiline: true, errors);
        var proposals = FieldText.Clean(body.Proposals, "proposals", TaskUpdateRules.MaxTextLength, multiline: true, errors);
        OutputDocument? document = null;
        if (body.OutputDocument is { } output)
        {
            var number = FieldText.Clean(output.Number, "outputDocument.number", TaskUpdateRules.MaxDocumentNumberLength, multiline: false, errors);
            var title = FieldText.Clean(output.Title, "outputDocument.title", TaskUpdateRules.MaxDocumentTitleLength, multiline: false, errors);
            TaskUpdateRules.CheckPastDate(output.Date, "outputDocument.date", today, errors);
            document = number is null && title is null && output.Date is null ? null : new OutputDocument(number, output.Date, title);
        }

        var period = TaskUpdateRules.ResolvePeriod(body.Period, today, calendar, errors);
        if (idempotencyKey is not null && (idempotencyKey.Length is 0 or > MaxIdempotencyKeyLength || idempotencyKey.Any(c => c is < ' ' or > '~')))
        {
            errors.Add(new FieldError(IdempotencyHeader, "phải có 1–200 ký tự ASCII in được."));
        }

        if (errors.Count > 0)
        {
            return new SubmitTaskUpdateResult.Invalid(errors, "Báo cáo không hợp lệ; không có gì được ghi nhận.");
        }

        var plan = await plans.GetAsync(caller.Province, planId, cancellationToken).ConfigureAwait(false);
        if (plan is null)
        {
            return new SubmitTaskUpdateResult.NotFound($"Không có kế hoạch '{planId}'.");
        }

        switch (plan.CheckReport(agencyId, taskId))
        {
            case ReportCheck.NoSuchTask:
                return new SubmitTaskUpdateResult.NotFound($"Kế hoạch '{planId}' không có nhiệm vụ '{taskId}'.");
            case ReportCheck.NotAssigned:
                return caller.IsAgency
                    ? new SubmitTaskUpdateResult.Forbidden($"Nhiệm vụ {taskId} không giao cho cơ quan của khóa này.")
                    : new SubmitTaskUpdateResult.Invalid([new FieldError("agencyId", $"Nhiệm vụ {taskId} không giao cho cơ quan '{agencyId}'.")]);
        }

        var now = time.GetUtcNow();
        var updateId = UpdateIds.New(now);
        var reportedAt = now;
        QueuedTaskUpdate Update() => new(caller.Province, new TaskUpdate(
            updateId, planId, taskId, agencyId, reportedAt, caller.Actor, status!.Value,
            status == TaskProgressStatus.Completed ? 100 : body.ProgressPercent, body.CompletedOn, document, summary, difficulties, proposals, period!.Id));

        // Too large for a queue message: refused before anything is written, the idempotency key included.
        var update = Update();
        var json = TaskUpdateOutbox.Serialize(update);
        if (json.Length > TaskUpdateOutbox.MaxMessageBytes)
        {
            return new SubmitTaskUpdateResult.TooLarge(TaskUpdateOutbox.MaxMessageBytes);
        }

        if (idempotencyKey is { Length: > 0 })
        {
            // The period as sent, not as defaulted: a retry after midnight on a cut-off day is still the same request.
            var requestHash = Fingerprint(planId, taskId, agencyId, status!.Value, body.ProgressPercent, body.CompletedOn, document, summary, difficulties, proposals, body.Period?.Trim());
            var claim = await keys.ClaimAsync(caller.Province, agencyId, idempotencyKey, new IdempotencyClaim(updateId, reportedAt, requestHash), cancellationToken).ConfigureAwait(false);
            if (claim.RequestHash != requestHash)
            {
                return new SubmitTaskUpdateResult.KeyReused();
            }

            // A retry: the same id and time, queued again — storing is idempotent, so nothing is stored twice. A period
            // left to its default is the one of the first request's day, so both copies say the same.
            if (claim.UpdateId != updateId)
            {
                (updateId, reportedAt) = (claim.UpdateId, claim.ReportedAt);
                if (body.Period is null)
                {
                    period = TaskUpdateRules.ResolvePeriod(null, VietnamTime.DateOf(reportedAt), calendar, errors) ?? period;
                }

                update = Update();
                json = TaskUpdateOutbox.Serialize(update);
            }
        }

        await outbox.EnqueueAsync(update, json).ConfigureAwait(false);
        return new SubmitTaskUpdateResult.Accepted(new TaskUpdateAccepted(
            updateId, TaskUpdateStates.Queued, StatusUrl(updateId), planId, taskId, agencyId, update.Update.PeriodId, reportedAt));
    }

    /// <summary>What makes two requests "the same" for an Idempotency-Key: every normalised field of the report.</summary>
    private static string Fingerprint(params object?[] fields) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(fields, ApiJson.Default)));
}
