using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using TthcServerless.Domain.Agencies;
using TthcServerless.Domain.Feedback;
using TthcServerless.Functions.Auth;
using TthcServerless.Functions.Http;
using TthcServerless.Functions.Storage;
using TthcServerless.Domain;

namespace TthcServerless.Functions.Feedback;

/// <summary>
/// Feedback (phản ánh, kiến nghị) over HTTP (docs/feedback.md). Public: submit (202 with a tracking code once the
/// submission is durably queued) and track by code, both rate-limited per client. Staff: list, read, and move a case
/// through the workflow — the office everywhere, an agency on the cases assigned to it. Every move is checked by the
/// domain's state machine (409 when not valid from the current stage) and written with its audit line under the case's
/// ETag. Problem answers are in Vietnamese; nothing here logs what a sender wrote.
/// </summary>
internal static class FeedbackEndpoints
{
    public const long BodyLimit = 32 * 1024;
    public static IEndpointRouteBuilder MapFeedbackEndpoints(this IEndpointRouteBuilder api)
    {
        // Citizens need no key to send feedback or track it; everything else is staff's.
        var citizens = api.MapGroup("/feedback").WithTags("Feedback").AllowAnonymous();
        var staff = api.MapGroup("/feedback").WithTags("Feedback").RequireAuthorization(ApiPolicies.Staff);
        var reporters = api.MapGroup("/feedback").WithTags("Feedback").RequireAuthorization(ApiPolicies.Reporter);
        citizens.MapPost("/", SubmitAsync).RequireRateLimiting(FeedbackRateLimits.Submit)
            .WithSummary("Gửi phản ánh, kiến nghị (công khai, không cần khóa; giới hạn số lần gửi). Trả 202 kèm mã tra cứu.")
            .Accepts<FeedbackSubmissionRequest>("application/json")
            .ProducesOutcomesOf<SubmitFeedbackResult>()
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        citizens.MapGet("/track/{trackingCode}", TrackAsync).RequireRateLimiting(FeedbackRateLimits.Track)
            .WithSummary("Tra cứu theo mã (công khai): bước xử lý, các mốc ngày, hạn, kết quả đã công khai. Không có thông tin cá nhân.")
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        staff.MapGet("/", ListAsync)
            .WithSummary("Danh sách phản ánh, kiến nghị (cũ trước): lọc theo stage, agencyId, overdue, submittedFrom, submittedTo (yyyy-MM-dd); phân trang bằng pageSize, continuationToken. Khóa cơ quan chỉ thấy hồ sơ được giao.");
        staff.MapGet("/{trackingCode}", GetAsync)
            .WithSummary("Một hồ sơ với nhật ký xử lý; thông tin người gửi chỉ trả cho quản trị và cơ quan được giao. Tiêu đề ETag dùng cho If-Match.");

        MapMove<FeedbackNoteRequest>(reporters, FeedbackAction.Receive, "Tiếp nhận (quản trị).", r => new(FeedbackAction.Receive, r.Note));
        MapMove<FeedbackClassifyRequest>(reporters, FeedbackAction.ClassifyInScope,
            "Phân loại (quản trị): thuộc phạm vi (inScope true, topic) hoặc không thuộc phạm vi (inScope false, reason, reply — trả lời người gửi).",
            (r, errors) => r.ToCommand(errors));
        MapMove<FeedbackAssignRequest>(reporters, FeedbackAction.Assign, "Chuyển cơ quan có thẩm quyền (quản trị); chuyển lại khi cơ quan không đúng thẩm quyền.",
            r => new(FeedbackAction.Assign, r.Note, AgencyId: r.AgencyId));
        MapMove<FeedbackNoteRequest>(reporters, FeedbackAction.StartHandling, "Bắt đầu xử lý (cơ quan được giao hoặc quản trị).", r => new(FeedbackAction.StartHandling, r.Note));
        MapMove<FeedbackInformationRequest>(reporters, FeedbackAction.RequestInformation,
            "Yêu cầu người gửi bổ sung thông tin (text: nội dung cần bổ sung, hiển thị khi tra cứu).", r => new(FeedbackAction.RequestInformation, r.Note, Text: r.Text));
        MapMove<FeedbackNoteRequest>(reporters, FeedbackAction.SupplyInformation,
            "Đã nhận thông tin bổ sung: hồ sơ trở lại bước trước, thời hạn tính lại từ hôm nay.", r => new(FeedbackAction.SupplyInformation, r.Note));
        MapMove<FeedbackAnswerRequest>(reporters, FeedbackAction.Answer, "Trả lời (text, documentReference): chờ công khai.",
            r => new(FeedbackAction.Answer, r.Note, Text: r.Text, DocumentReference: r.DocumentReference));
        MapMove<FeedbackReworkRequest>(reporters, FeedbackAction.ReturnForRework, "Trả lại để sửa câu trả lời chưa phù hợp (quản trị; note bắt buộc).",
            r => new(FeedbackAction.ReturnForRework, r.Note));
        MapMove<FeedbackNoteRequest>(reporters, FeedbackAction.Publish, "Công khai kết quả (quản trị).", r => new(FeedbackAction.Publish, r.Note));
        return api;
    }

    private static void MapMove<TRequest>(RouteGroupBuilder group, FeedbackAction action, string summary, Func<TRequest, FeedbackCommand> toCommand)
        where TRequest : class, new() =>
        MapMove<TRequest>(group, action, summary, (request, _) => toCommand(request));

    private static void MapMove<TRequest>(RouteGroupBuilder group, FeedbackAction action, string summary, Func<TRequest, List<FieldError>, FeedbackCommand> toCommand)
        where TRequest : class, new()
    {
        group.MapPost($"/{{trackingCode}}/{FeedbackViews.ActionPath(action)}",
                (string trackingCode, HttpRequest request, ClaimsPrincipal user, MoveFeedbackCase move, CancellationToken cancellationToken) =>
                    MoveAsync(trackingCode, request, user, move, toCommand, cancellationToken))
            .WithSummary(summary)
            .Accepts<TRequest>("application/json")
            .ProducesOutcomesOf<MoveFeedbackCaseResult>();
    }

    private static async Task<IResult> SubmitAsync(HttpRequest request, ClaimsPrincipal user, SubmitFeedback submit, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadJsonAsync<FeedbackSubmissionRequest>(request, BodyLimit, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var staff = user.Identity?.IsAuthenticated == true ? Caller.From(user) : null;
        return ToHttp(await submit.HandleAsync(new SubmitFeedbackCommand(staff, body!), cancellationToken).ConfigureAwait(false), request.HttpContext.Response);
    }

    /// <summary>Each outcome of submitting feedback, as HTTP (a storage outage also says when to retry).</summary>
    internal static IResult ToHttp(SubmitFeedbackResult result, HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        switch (result)
        {
            case SubmitFeedbackResult.Accepted accepted:
                return TypedResults.Accepted(accepted.Receipt.TrackingUrl, accepted.Receipt);
            case SubmitFeedbackResult.Invalid invalid:
                return ApiProblems.Invalid(invalid.Errors, invalid.Detail);
            case SubmitFeedbackResult.Forbidden forbidden:
                return ApiProblems.Forbidden(forbidden.Detail);
            case SubmitFeedbackResult.TooLarge tooLarge:
                return ApiProblems.TooLarge(tooLarge.Limit);
            case SubmitFeedbackResult.StorageUnavailable unavailable:
                response.Headers.RetryAfter = "30";
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: ApiProblems.StorageUnavailableTitle, detail: unavailable.Detail);
            case var other:
                throw new UnreachableException($"Unmapped outcome {other}");
        }
    }

    private static async Task<Results<Ok<FeedbackTrackingResponse>, ProblemHttpResult>> TrackAsync(
        string trackingCode, FeedbackStore store, FeedbackViews views, IOptions<TthcOptions> settings, CancellationToken cancellationToken)
    {
        if (TrackingCode.TryParse(trackingCode) is not { } code)
        {
            return ApiProblems.NotFound("Mã tra cứu không đúng. Mã có dạng PAKN-XXXX-XXXX; kiểm tra lại từng ký tự.");
        }

        var province = settings.Value.Province;
        var stored = await store.FindAsync(province, code, cancellationToken).ConfigureAwait(false);
        return stored is null
            ? ApiProblems.NotFound($"Chưa tìm thấy {code}. Phản ánh vừa gửi cần vài giây để được ghi nhận; vui lòng thử lại sau.")
            : TypedResults.Ok(await views.PublicViewAsync(province, stored, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<IResult> GetAsync(string trackingCode, HttpResponse response, ClaimsPrincipal user, FeedbackStore store, FeedbackViews views, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (TrackingCode.TryParse(trackingCode) is not { } code
            || await store.FindAsync(caller.Province, code, cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            return ApiProblems.NotFound($"Không có phản ánh, kiến nghị '{trackingCode}'.");
        }

        if (caller.IsAgency && stored.Case.AssignedAgencyId != caller.AgencyId)
        {
            return ApiProblems.Forbidden("Phản ánh, kiến nghị này không được giao cho cơ quan của khóa này.");
        }

        response.Headers.ETag = MoveFeedbackCase.VersionTag(stored.Case.Version);
        return TypedResults.Ok(await views.StaffViewAsync(caller.Province, stored, caller, withDetails: true, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<IResult> ListAsync(
        string? stage,
        string? agencyId,
        [FromQuery(Name = "overdue")] string? overdueText,
        string? submittedFrom,
        string? submittedTo,
        [FromQuery(Name = "pageSize")] string? pageSizeText,
        string? continuationToken,
        ClaimsPrincipal user,
        FeedbackStore store,
        FeedbackViews views,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var errors = new List<FieldError>();
        var stageFilter = FeedbackSubmissionRules.ParseEnum<FeedbackStage>(stage, "stage", required: false, errors);
        if (!caller.TryScopeAgency(agencyId, out agencyId))
        {
            return ApiProblems.Forbidden("Khóa của cơ quan chỉ xem được phản ánh, kiến nghị giao cho chính cơ quan đó.");
        }

        if (!caller.IsAgency && agencyId is not null && !AgencyRegistry.IsValidId(agencyId))
        {
            errors.Add(new FieldError("agencyId", "không phải mã cơ quan hợp lệ."));
        }

        var overdue = RequestValues.Bool(overdueText, "overdue", errors);
        var pageSize = RequestValues.Int(pageSizeText, "pageSize", 1, 100, errors);

        var from = RequestValues.Day(submittedFrom, "submittedFrom", errors);
        var to = RequestValues.Day(submittedTo, "submittedTo", errors);
        if (from > to)
        {
            errors.Add(new FieldError("submittedTo", "phải từ submittedFrom trở đi."));
        }

        if (continuationToken is not null && !PageToken.IsWellFormed(continuationToken))
        {
            errors.Add(new FieldError("continuationToken", "không hợp lệ; dùng đúng giá trị trang trước trả về."));
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors);
        }

        // Overdue depends on today's calendar and limits, so it is decided here, not in storage: with overdue=true a
        // page may hold fewer than pageSize items (even none) while a continuation token is still given.
        var filter = new FeedbackListFilter(stageFilter, agencyId, from, to, OpenOnly: overdue == true);
        IReadOnlyList<StoredFeedbackCase> cases;
        string? token;
        try
        {
            (cases, token) = await store.ListAsync(caller.Province, filter, pageSize ?? 20, continuationToken, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidPageTokenException)
        {
            return ApiProblems.Invalid("continuationToken", "không hợp lệ; dùng đúng giá trị trang trước trả về.");
        }

        var items = new List<FeedbackCaseResponse>();
        foreach (var stored in cases)
        {
            var view = await views.StaffViewAsync(caller.Province, stored, caller, withDetails: false, cancellationToken).ConfigureAwait(false);
            // A case whose current deadline the calendar cannot give (a year not yet added) is listed with the overdue
            // ones, never with those on time: staff must see it rather than lose it at the turn of a year.
            var cannotTell = view.Deadlines.CurrentKind is not null && view.Deadlines.Current is null;
            if (overdue is null || (overdue == true ? view.Deadlines.Overdue || cannotTell : !view.Deadlines.Overdue && !cannotTell))
            {
                items.Add(view);
            }
        }

        return TypedResults.Ok(new FeedbackCasePage(items, token));
    }

    private static async Task<IResult> MoveAsync<TRequest>(
        string trackingCode,
        HttpRequest request,
        ClaimsPrincipal user,
        MoveFeedbackCase move,
        Func<TRequest, List<FieldError>, FeedbackCommand> toCommand,
        CancellationToken cancellationToken)
        where TRequest : class, new()
    {
        // A move with nothing to say may come without a body (curl -X POST …/receive).
        if (request.ContentType is { } contentType && !contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return ApiProblems.UnsupportedMediaType($"Cần Content-Type application/json, nhận được '{contentType}'.");
        }

        var bytes = await RequestBody.ReadBytesAsync(request, BodyLimit, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return ApiProblems.TooLarge(BodyLimit);
        }

        var body = new TRequest();
        if (bytes.Length > 0)
        {
            var (read, problem) = RequestBody.Deserialize<TRequest>(bytes);
            if (problem is not null)
            {
                return problem;
            }

            body = read!;
        }

        var errors = new List<FieldError>();
        var command = new MoveFeedbackCaseCommand(Caller.From(user), trackingCode, toCommand(body, errors), errors, request.Headers.IfMatch.ToString());
        return ToHttp(await move.HandleAsync(command, cancellationToken).ConfigureAwait(false), request.HttpContext.Response);
    }

    /// <summary>Each outcome of a move, as HTTP (a stored move also gives the case's new ETag).</summary>
    internal static IResult ToHttp(MoveFeedbackCaseResult result, HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        switch (result)
        {
            case MoveFeedbackCaseResult.Moved moved:
                response.Headers.ETag = moved.ETag;
                return TypedResults.Ok(moved.Case);
            case MoveFeedbackCaseResult.Invalid invalid:
                return ApiProblems.Invalid(invalid.Errors, invalid.Detail);
            case MoveFeedbackCaseResult.Forbidden forbidden:
                return ApiProblems.Forbidden(forbidden.Detail);
            case MoveFeedbackCaseResult.NotFound notFound:
                return ApiProblems.NotFound(notFound.Detail);
            case MoveFeedbackCaseResult.NotValidNow notValid:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Thao tác không hợp lệ ở bước hiện tại", detail: notValid.Detail);
            case MoveFeedbackCaseResult.ChangedMeanwhile:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Hồ sơ vừa được thay đổi",
                    detail: "Một thao tác khác vừa cập nhật hồ sơ này; không có gì thay đổi. Đọc lại hồ sơ rồi thực hiện nếu vẫn cần.");
            case MoveFeedbackCaseResult.Stale stale:
                return TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "Hồ sơ đã thay đổi",
                    detail: $"Hồ sơ đã được cập nhật sau lần đọc của bạn (hiện là phiên bản {stale.CurrentVersion}); đọc lại rồi thực hiện.");
            case var other:
                throw new UnreachableException($"Unmapped outcome {other}");
        }
    }
}
