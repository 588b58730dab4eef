using Microsoft.AspNetCore.Http.HttpResults;
using TthcServerless.Domain;

namespace TthcServerless.Functions.Http;

/// <summary>RFC 9457 problem answers with Vietnamese titles, one place for their wording.</summary>
internal static class ApiProblems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Không tìm thấy", detail: detail);

    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Yêu cầu không hợp lệ", detail: detail);

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Xung đột", detail: detail);

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Không có quyền", detail: detail);

    public static ProblemHttpResult TooLarge(long limit) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Nội dung quá lớn", detail: $"Nội dung yêu cầu vượt quá giới hạn {limit / 1024} KiB.");

    public static ProblemHttpResult UnsupportedMediaType(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Kiểu nội dung không được hỗ trợ", detail: detail);

    public const string StorageUnavailableTitle = "Kho dữ liệu tạm thời không truy cập được";

    /// <summary>
    /// Honest about the one case that cannot be known: storage may have taken a write whose answer was lost. A retry with
    /// the same Idempotency-Key is always safe.
    /// </summary>
    public const string StorageUnavailableDetail =
        "Yêu cầu chưa được xác nhận. Vui lòng thử lại sau; khi gửi lại báo cáo, dùng cùng Idempotency-Key để không bị ghi trùng.";

    public static ValidationProblem Invalid(IDictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.ValidationProblem(errors, detail: detail, title: "Dữ liệu không hợp lệ");

    public static ValidationProblem Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>Field errors as one problem, messages of the same field together.</summary>
    public static ValidationProblem Invalid(IEnumerable<FieldError> errors, string? detail = null) =>
        Invalid(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()), detail);
}
