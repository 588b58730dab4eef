using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.HttpResults;
using TthcServerless.Domain.Calendar;
using TthcServerless.Functions.Auth;
using TthcServerless.Functions.Http;
using TthcServerless.Domain;

namespace TthcServerless.Functions.WorkingDays;

/// <summary>The effective working-day calendar: counting rule, covered years and every non-ordinary day.</summary>
public sealed record CalendarResponse(string Version, WorkingDayCounting Counting, IReadOnlyList<CalendarYearSummary> Years, int ExtensionCount, HolidayCalendarData Effective);

/// <summary>A covered year and whether it rests on a known decision.</summary>
public sealed record CalendarYearSummary(int Year, CalendarYearStatus Status);

/// <summary>"N working days from a day", as the feedback deadlines compute it.</summary>
public sealed record WorkingDayDeadline(DateOnly From, int Days, WorkingDayCounting Counting, DateOnly Deadline);

/// <summary>
/// The holiday calendar behind every deadline (docs/working-days.md): staff read the effective calendar and can ask for a
/// deadline; administrators add or replace extensions (new years, confirmed decisions, swaps). An extension is validated
/// alone and merged before anything is stored; a bad one is refused whole with the list of broken rules.
/// </summary>
internal static class CalendarEndpoints
{
    public const long BodyLimit = 512 * 1024;
    private const int MaxDeadlineDays = 366;

    public static IEndpointRouteBuilder MapCalendarEndpoints(this IEndpointRouteBuilder api)
    {
        var calendar = api.MapGroup("/calendar").WithTags("Calendar").RequireAuthorization(ApiPolicies.Staff);
        var admin = api.MapGroup("/calendar").WithTags("Calendar").RequireAuthorization(ApiPolicies.Admin);
        calendar.MapGet("/", GetAsync)
            .WithSummary("Lịch ngày làm việc đang áp dụng: dữ liệu kèm theo ứng dụng cộng các phần bổ sung của quản trị.");
        calendar.MapGet("/deadline", GetDeadlineAsync)
            .WithSummary("Hạn 'N ngày làm việc kể từ ngày from' theo lịch đang áp dụng (days từ 0 đến 366).");
        admin.MapGet("/extensions", GetExtensionsAsync)
            .WithSummary("Các phần bổ sung lịch của quản trị, theo thứ tự áp dụng (tiêu đề ETag dùng cho If-Match khi thay thế).")
            .Produces<List<HolidayCalendarData>>(StatusCodes.Status200OK, "application/json");
        admin.MapPost("/extensions", AddExtensionAsync)
            .WithSummary("Thêm một phần bổ sung lịch (mode merge: sửa/thêm ngày; mode replace: thay cả năm, ví dụ xác nhận năm tạm tính).")
            .Accepts<HolidayCalendarData>("application/json")
            .Produces<CalendarResponse>(StatusCodes.Status201Created);
        admin.MapPut("/extensions", ReplaceExtensionsAsync)
            .WithSummary("Thay toàn bộ danh sách phần bổ sung (mảng rỗng: trở về dữ liệu gốc). Hỗ trợ If-Match.")
            .Accepts<List<HolidayCalendarData>>("application/json")
            .Produces<CalendarResponse>();
        return api;
    }

    private static async Task<Ok<CalendarResponse>> GetAsync(ClaimsPrincipal user, CalendarStore store, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(Caller.From(user).Province, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(ToResponse(current));
    }

    private static async Task<Results<Ok<WorkingDayDeadline>, ValidationProblem>> GetDeadlineAsync(
        string? from, [FromQuery(Name = "days")] string? daysText, ClaimsPrincipal user, CalendarStore store, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var day = RequestValues.Day(from, "from", errors);
        if (day is null && errors.Count == 0)
        {
            errors.Add(new FieldError("from", "bắt buộc: ngày dạng yyyy-MM-dd."));
        }

        var days = RequestValues.Int(daysText, "days", 0, MaxDeadlineDays, errors);
        if (daysText is null)
        {
            errors.Add(new FieldError("days", $"bắt buộc, từ 0 đến {MaxDeadlineDays}."));
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors);
        }

        var current = await store.GetAsync(Caller.From(user).Province, cancellationToken).ConfigureAwait(false);
        try
        {
            return TypedResults.Ok(new WorkingDayDeadline(day!.Value, days!.Value, current.Calendar.Counting, current.Calendar.AddWorkingDays(day.Value, days.Value)));
        }
        catch (CalendarNotCoveredException ex)
        {
            return ApiProblems.Invalid("from", ex.Message);
        }
    }

    private static async Task<IResult> GetExtensionsAsync(HttpResponse response, ClaimsPrincipal user, CalendarStore store, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(Caller.From(user).Province, cancellationToken).ConfigureAwait(false);
        if (current.ETag is { } etag)
        {
            response.Headers.ETag = etag.ToString("H");
        }

        return TypedResults.Text(CalendarStore.Serialize(current.Extensions), "application/json; charset=utf-8");
    }

    private static async Task<IResult> AddExtensionAsync(HttpRequest request, ClaimsPrincipal user, CalendarStore store, CancellationToken cancellationToken)
    {
        var (text, problem) = await ReadTextAsync(request, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        HolidayCalendarData extension;
        try
        {
            extension = HolidayCalendarData.FromJson(text!);
        }
        catch (CalendarDataException ex)
        {
            return Refused(ex);
        }

        var province = Caller.From(user).Province;
        for (var attempt = 0; ; attempt++)
        {
            var current = await store.GetAsync(province, cancellationToken).ConfigureAwait(false);
            try
            {
                var saved = await store.SaveAsync(province, [.. current.Extensions, extension], current.ETag, cancellationToken).ConfigureAwait(false);
                return TypedResults.Created("/api/calendar/extensions", ToResponse(saved));
            }
            catch (CalendarDataException ex)
            {
                return Refused(ex);
            }
            catch (CalendarChangedException) when (attempt < 4)
            {
                // Another administrator saved in between: add ours to theirs.
            }
            catch (CalendarChangedException)
            {
                return ApiProblems.Conflict("Lịch đang được thay đổi đồng thời; vui lòng thử lại.");
            }
        }
    }

    private static async Task<IResult> ReplaceExtensionsAsync(HttpRequest request, ClaimsPrincipal user, CalendarStore store, CancellationToken cancellationToken)
    {
        var (text, problem) = await ReadTextAsync(request, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        List<HolidayCalendarData> extensions;
        try
        {
            extensions = CalendarStore.Parse(text!);
        }
        catch (CalendarDataException ex)
        {
            return Refused(ex);
        }

        var province = Caller.From(user).Province;
        var current = await store.GetAsync(province, cancellationToken).ConfigureAwait(false);
        if (RequestValues.IfMatchFails(request, current.ETag?.ToString("H")))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "Lịch đã thay đổi",
                detail: "Lịch đã được thay đổi sau lần đọc của bạn (If-Match không khớp ETag hiện tại); đọc lại rồi thay thế.");
        }

        try
        {
            var saved = await store.SaveAsync(province, extensions, current.ETag, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(ToResponse(saved));
        }
        catch (CalendarDataException ex)
        {
            return Refused(ex);
        }
        catch (CalendarChangedException)
        {
            return ApiProblems.Conflict("Lịch đang được thay đổi đồng thời; vui lòng đọc lại rồi thử lại.");
        }
    }

    private static async Task<(string? Text, IResult? Problem)> ReadTextAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentType is { } contentType && !contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, ApiProblems.UnsupportedMediaType($"Cần Content-Type application/json, nhận được '{contentType}'."));
        }

        var bytes = await RequestBody.ReadBytesAsync(request, BodyLimit, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return (null, ApiProblems.TooLarge(BodyLimit));
        }

        return RequestBody.DecodeText(bytes) is { Length: > 0 } text
            ? (text, null)
            : (null, ApiProblems.BadRequest("Thân yêu cầu trống hoặc không phải văn bản UTF-8; cần một tài liệu JSON."));
    }

    private static ValidationProblem Refused(CalendarDataException ex) =>
        ApiProblems.Invalid(new Dictionary<string, string[]> { ["calendar"] = [.. ex.Problems] }, "Dữ liệu lịch không hợp lệ; không có gì được lưu.");

    private static CalendarResponse ToResponse(ProvinceCalendar current) => new(
        current.Calendar.EffectiveData.Version,
        current.Calendar.Counting,
        [.. current.Calendar.CoveredYears.Select(y => new CalendarYearSummary(y, current.Calendar.StatusOf(y)))],
        current.Extensions.Count,
        current.Calendar.EffectiveData);
}
