using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using TthcServerless.Domain;
using TthcServerless.Domain.Reminders;
using TthcServerless.Functions.Auth;
using TthcServerless.Functions.Http;

namespace TthcServerless.Functions.Reminders;

/// <summary>The run of a day as the API shows it.</summary>
internal sealed record ReminderRunResponse(DateOnly Date, string Status, int Digests, int Created, int Queued, DateOnly? Since);

/// <summary>A digest in the outbox with each channel's delivery state.</summary>
internal sealed record ReminderDigestResponse(
    string DigestId, DateOnly Date, string Recipient, string? RecipientName, string Subject, string Text, int LineCount, int LinesOmitted,
    DateTimeOffset CreatedAt, IReadOnlyList<ChannelStateResponse> Channels, IReadOnlyList<ReminderLine> Lines);

internal sealed record ChannelStateResponse(string Channel, string State, int Attempts, string? LastError, DateTimeOffset? ChangedAt, DateTimeOffset? NextAttemptAt);

/// <summary>
/// The office runs a day's reminders again (a missed day; tests pin the date) and sees what was sent on each channel.
/// Admin only. The run is the same job as the <c>DailyReminders</c> timer.
/// </summary>
internal static class ReminderEndpoints
{
    public static IEndpointRouteBuilder MapReminderEndpoints(this IEndpointRouteBuilder api)
    {
        var reminders = api.MapGroup("/reminders").WithTags("Reminders").RequireAuthorization(ApiPolicies.Admin);
        reminders.MapPost("/runs", RunAsync)
            .WithSummary("Chạy nhắc việc cho một ngày làm việc (date=yyyy-MM-dd, mặc định hôm nay): mỗi ngày chỉ chạy một lần; chạy lại không thêm gì.")
            .Produces<ReminderRunResponse>()
            .ProducesProblem(StatusCodes.Status409Conflict);
        reminders.MapGet("/runs/{date}", GetRunAsync).WithSummary("Kết quả lần chạy nhắc việc của một ngày.");
        reminders.MapGet("/digests/{digestId}", GetDigestAsync)
            .WithSummary("Một bản nhắc việc trong hộp thư đi: nội dung đầy đủ và trạng thái gửi trên từng kênh (số lần thử, lý do lỗi).");
        return api;
    }

    private static async Task<IResult> RunAsync(string? date, ReminderRun run, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var day = RequestValues.Day(date, "date", errors) ?? VietnamTime.Today(time);
        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors);
        }

        ReminderRunResult result;
        try
        {
            result = await run.RunAsync(day, cancellationToken).ConfigureAwait(false);
        }
        catch (ReminderDayNotCoveredException ex)
        {
            return ApiProblems.Invalid("date", $"Lịch ngày làm việc chưa có năm {ex.Year}; bổ sung lịch năm đó (PUT /api/calendar/extensions) rồi chạy lại.");
        }

        return result.Status == ReminderRunStatus.InProgress
            ? ApiProblems.Conflict($"Nhắc việc ngày {day:dd/MM/yyyy} đang được một lần chạy khác thực hiện; thử lại sau.")
            : TypedResults.Ok(ToResponse(result));
    }

    private static async Task<Results<Ok<ReminderRunResponse>, ProblemHttpResult, ValidationProblem>> GetRunAsync(
        string date, ClaimsPrincipal user, ReminderStore store, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        if (RequestValues.Day(date, "date", errors) is not { } day)
        {
            return ApiProblems.Invalid(errors);
        }

        var run = await store.GetRunAsync(Caller.From(user).Province, day, cancellationToken).ConfigureAwait(false);
        return run is null
            ? ApiProblems.NotFound($"Chưa có lần chạy nhắc việc nào cho ngày {day:dd/MM/yyyy}.")
            : TypedResults.Ok(new ReminderRunResponse(run.Date, run.State, run.Digests, run.Created, 0, run.Since));
    }

    private static async Task<Results<Ok<ReminderDigestResponse>, ProblemHttpResult>> GetDigestAsync(
        string digestId, ClaimsPrincipal user, ReminderStore store, CancellationToken cancellationToken)
    {
        var digest = await store.GetDigestAsync(Caller.From(user).Province, digestId, cancellationToken).ConfigureAwait(false);
        return digest is null
            ? ApiProblems.NotFound($"Không có bản nhắc việc '{digestId}'.")
            : TypedResults.Ok(ToResponse(digest, await store.GetLinesAsync(digest.LinesBlob, digest.ShownLines, cancellationToken).ConfigureAwait(false)));
    }

    internal static ReminderDigestResponse ToResponse(StoredDigest d, IReadOnlyList<ReminderLine> lines) => new(
        d.DigestId, d.Date, d.RecipientId, d.RecipientName, d.Message.Subject, d.Message.Text, d.LineCount, d.Message.LinesOmitted, d.CreatedAt,
        [.. d.Channels.Select(c => new ChannelStateResponse(c.Channel, c.State, c.Attempts, c.LastError, c.ChangedAt, c.NextAttemptAt))], lines);

    private static ReminderRunResponse ToResponse(ReminderRunResult r) => new(r.Date, r.Status switch
    {
        ReminderRunStatus.Done => "done",
        ReminderRunStatus.AlreadyDone => "already-done",
        ReminderRunStatus.NotAWorkingDay => "not-a-working-day",
        _ => "in-progress",
    }, r.Digests, r.Created, r.Queued, r.Since);
}
