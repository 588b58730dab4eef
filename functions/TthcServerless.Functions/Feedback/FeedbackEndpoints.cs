using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using TthcServerless.Domain.Agencies;
using TthcServerless.Domain.Feedback;
using TthcServerless.Functions.Agencies;
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
    public const string QueueName = "feedback";

    /// <summary>A queue message holds 64 KiB after base64: about 48 KiB of JSON.</summary>
    public const int MaxMessageBytes = 45_000;

    public static IEndpointRouteBuilder MapFeedbackEndpoints(this IEndpointRouteBuilder api)
    {
        // Citizens need no key to send feedback or track it; everything else is staff's.
        var citizens = api.MapGroup("/feedback").WithTags("Feedback").AllowAnonymous();
        var staff = api.MapGroup("/feedback").WithTags("Feedback").RequireAuthorization(ApiPolicies.Staff);
        var reporters = api.MapGroup("/feedback").WithTags("Feedback").RequireAuthorization(ApiPolicies.Reporter);
        citizens.MapPost("/", SubmitAsync).RequireRateLimiting(FeedbackRateLimits.Submit)
            .WithSummary("Gửi phản ánh, kiến nghị (công khai, không cần khóa; giới hạn số lần gửi). Trả 202 kèm mã tra cứu.")
            .Accepts<FeedbackSubmissionRequest>("application/json")
            .Produces<FeedbackAccepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
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
                (string trackingCode, HttpRequest request, ClaimsPrincipal user, FeedbackStore store, FeedbackViews views, AgencyRegistryStore registries, TimeProvider time, CancellationToken cancellationToken) =>
                    MoveAsync(trackingCode, request, user, store, views, registries, time, toCommand, cancellationToken))
            .WithSummary(summary)
            .Accepts<TRequest>("application/json")
            .Produces<FeedbackCaseResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    private static async Task<IResult> SubmitAsync(
        HttpRequest request,
        ClaimsPrincipal user,
        FeedbackStore store,
        StorageResources storage,
        IOptions<TthcOptions> settings,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadJsonAsync<FeedbackSubmissionRequest>(request, BodyLimit, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new List<FieldError>();
        var submitter = body!.Submitter;
        if (submitter is null)
        {
            errors.Add(new FieldError("submitter", "bắt buộc: tên và ít nhất một cách liên hệ (điện thoại, thư điện tử, địa chỉ)."));
        }

        var submission = FeedbackSubmissionRules.Clean(new FeedbackSubmissionInput(
            body.Kind, body.Subject, body.Content, body.AgencyConcerned, body.Channel,
            submitter?.Type, submitter?.Name, submitter?.Phone, submitter?.Email, submitter?.Address, submitter?.Organisation), errors);

        // Anyone may send from the web form; only staff (the office, an agency) enter feedback that came by another
        // channel. An analyst key is read-only: it may not submit as staff, and is not let through as the public either.
        var staff = user.Identity?.IsAuthenticated == true ? Caller.From(user) : null;
        if (staff is { IsAdmin: false, IsAgency: false })
        {
            return ApiProblems.Forbidden("Khóa của người phân tích chỉ được đọc; không thể gửi hoặc nhập phản ánh, kiến nghị.");
        }

        if (staff is null && submission is not null && submission.Channel != FeedbackChannel.Web)
        {
            errors.Add(new FieldError("channel", "chỉ cán bộ (có khóa API) mới nhập phản ánh nhận qua kênh khác 'web'."));
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors,
                "Phản ánh, kiến nghị chưa hợp lệ; chưa có gì được ghi nhận.");
        }

        var province = staff?.Province ?? settings.Value.Province;
        var submittedAt = time.GetUtcNow();
        try
        {
            var code = await store.ReserveCodeAsync(province, submittedAt, cancellationToken).ConfigureAwait(false);
            var message = new FeedbackMessage(FeedbackMessage.CurrentVersion, province, code.ToString(), submittedAt, staff?.Actor ?? "public", submission!);
            var json = JsonSerializer.SerializeToUtf8Bytes(message, ApiJson.Default);
            if (json.Length > MaxMessageBytes)
            {
                return ApiProblems.TooLarge(MaxMessageBytes);
            }

            // 202 only once the message is durably in the queue: what is acknowledged is never lost.
            await storage.SendAsync(QueueName, new BinaryData(json), cancellationToken).ConfigureAwait(false);
            var trackingUrl = $"/api/feedback/track/{code}";
            return TypedResults.Accepted(trackingUrl, new FeedbackAccepted(code.ToString(), "queued", trackingUrl, submittedAt,
                $"Đã nhận phản ánh, kiến nghị. Mã tra cứu của bạn là {code}; hãy lưu lại để theo dõi kết quả."));
        }
        catch (Exception ex) when (StorageFailures.IsOutage(ex))
        {
            request.HttpContext.Response.Headers.RetryAfter = "30";
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: ApiProblems.StorageUnavailableTitle,
                detail: "Phản ánh, kiến nghị chưa được ghi nhận. Vui lòng gửi lại sau ít phút.");
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

        response.Headers.ETag = VersionTag(stored.Case.Version);
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
        FeedbackStore store,
        FeedbackViews views,
        AgencyRegistryStore registries,
        TimeProvider time,
        Func<TRequest, List<FieldError>, FeedbackCommand> toCommand,
        CancellationToken cancellationToken)
        where TRequest : class, new()
    {
        var caller = Caller.From(user);
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
        var command = toCommand(body, errors);
        if (TrackingCode.TryParse(trackingCode) is not { } code
            || await store.FindAsync(caller.Province, code, cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            return ApiProblems.NotFound($"Không có phản ánh, kiến nghị '{trackingCode}'.");
        }

        if (RequestValues.IfMatchFails(request, VersionTag(stored.Case.Version)))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "Hồ sơ đã thay đổi",
                detail: $"Hồ sơ đã được cập nhật sau lần đọc của bạn (hiện là phiên bản {stored.Case.Version}); đọc lại rồi thực hiện.");
        }

        var current = await views.DeadlinesAsync(caller.Province, stored.Case, cancellationToken).ConfigureAwait(false);
        var result = stored.Case.Apply(command, new FeedbackActor(caller.Actor, caller.IsAdmin, caller.AgencyId), time.GetUtcNow(), current);
        switch (result.Outcome)
        {
            case FeedbackMoveOutcome.Forbidden:
                return ApiProblems.Forbidden(result.Message!);
            case FeedbackMoveOutcome.InvalidTransition:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Thao tác không hợp lệ ở bước hiện tại", detail: result.Message);
            case FeedbackMoveOutcome.Invalid:
                errors.AddRange(result.Errors);
                break;
        }

        if (result.Outcome == FeedbackMoveOutcome.Applied && command.Action == FeedbackAction.Assign && command.AgencyId is { } agencyId)
        {
            var (registry, _) = await registries.GetAsync(caller.Province, cancellationToken).ConfigureAwait(false);
            if (registry.FindAgency(agencyId) is null)
            {
                errors.Add(new FieldError("agencyId", $"không có cơ quan '{agencyId}' trong danh mục."));
            }
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors,
                "Thiếu hoặc sai thông tin cho thao tác này; không có gì thay đổi.");
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
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Hồ sơ vừa được thay đổi",
                detail: "Một thao tác khác vừa cập nhật hồ sơ này; không có gì thay đổi. Đọc lại hồ sơ rồi thực hiện nếu vẫn cần.");
        }

        request.HttpContext.Response.Headers.ETag = VersionTag(saved.Case.Version);
        return TypedResults.Ok(await views.StaffViewAsync(caller.Province, saved, caller, withDetails: false, cancellationToken, deadlines).ConfigureAwait(false));
    }

    /// <summary>The case's ETag: its version, quoted.</summary>
    public static string VersionTag(int version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";
}
