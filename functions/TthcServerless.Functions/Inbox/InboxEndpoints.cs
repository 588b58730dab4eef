using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using TthcServerless.Domain;
using TthcServerless.Domain.Agencies;
using TthcServerless.Domain.Reminders;
using TthcServerless.Functions.Auth;
using TthcServerless.Functions.Http;
using TthcServerless.Functions.Reminders;
using TthcServerless.Functions.Storage;

namespace TthcServerless.Functions.Inbox;

/// <summary>An item as the listing shows it: what it is and whether it was read (its lines: the item itself).</summary>
internal sealed record InboxItemSummary(string ItemId, DateOnly Date, string Subject, int LineCount, bool Read, DateTimeOffset? ReadAt, DateTimeOffset? DeliveredAt);

/// <summary>One item with every line of its digest, however long (the messages show the first ones).</summary>
internal sealed record InboxItemResponse(string ItemId, DateOnly Date, string Subject, int LineCount, bool Read, DateTimeOffset? ReadAt, DateTimeOffset? DeliveredAt, IReadOnlyList<ReminderLine> Lines);

internal sealed record InboxPage(string Recipient, int Unread, int Total, IReadOnlyList<InboxItemSummary> Items, string? ContinuationToken);

/// <summary>
/// The reminder inbox: every digest delivered to a recipient, newest first, with unread counts; an item has the full
/// list of lines. An agency key reads its own agency's; the admin key reads the office's (<c>office</c>) or any
/// recipient's with <c>?recipient=</c>.
/// </summary>
internal static class InboxEndpoints
{
    public static IEndpointRouteBuilder MapInboxEndpoints(this IEndpointRouteBuilder api)
    {
        var inbox = api.MapGroup("/inbox").WithTags("Reminders").RequireAuthorization(ApiPolicies.Reporter);
        inbox.MapGet("/", ListAsync)
            .WithSummary("Hộp thư nhắc việc, mới nhất trước, kèm số chưa đọc; phân trang bằng pageSize, continuationToken. Khóa cơ quan xem của cơ quan mình; quản trị xem của Văn phòng (office) hoặc recipient=….")
            .Produces<InboxPage>();
        inbox.MapGet("/{itemId}", GetAsync).WithSummary("Một bản nhắc việc với đầy đủ mọi dòng (tin nhắn chỉ hiện các dòng đầu, kèm \"và N mục khác\").")
            .Produces<InboxItemResponse>();
        inbox.MapPost("/{itemId}/read", MarkReadAsync).WithSummary("Đánh dấu một bản nhắc việc đã đọc.").Produces<InboxItemSummary>();
        return api;
    }

    private static async Task<IResult> ListAsync(
        string? recipient,
        [FromQuery(Name = "pageSize")] string? pageSizeText,
        string? continuationToken,
        ClaimsPrincipal user,
        ReminderStore store,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (Scope(caller, recipient) is not { } scoped)
        {
            return ApiProblems.Forbidden("Khóa của cơ quan chỉ xem được hộp thư nhắc việc của chính cơ quan đó.");
        }

        var errors = new List<FieldError>();
        if (scoped != ReminderRules.Office && !AgencyRegistry.IsValidId(scoped))
        {
            errors.Add(new FieldError("recipient", "phải là 'office' hoặc mã một cơ quan."));
        }

        var pageSize = RequestValues.Int(pageSizeText, "pageSize", 1, 100, errors);
        if (continuationToken is not null && !PageToken.IsWellFormed(continuationToken))
        {
            errors.Add(new FieldError("continuationToken", "không hợp lệ; dùng đúng giá trị trang trước trả về."));
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors);
        }

        try
        {
            var (items, token, unread, total) = await store.GetInboxAsync(caller.Province, scoped, pageSize ?? 20, continuationToken, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(new InboxPage(scoped, unread, total, [.. items.Select(ToSummary)], token));
        }
        catch (InvalidPageTokenException)
        {
            return ApiProblems.Invalid("continuationToken", "không hợp lệ; dùng đúng giá trị trang trước trả về.");
        }
    }

    private static async Task<IResult> GetAsync(string itemId, ClaimsPrincipal user, ReminderStore store, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var (parsed, problem) = Reach(caller, itemId, "xem");
        if (problem is not null)
        {
            return problem;
        }

        var found = await store.GetInboxItemAsync(caller.Province, parsed.RecipientId, parsed.Date, cancellationToken).ConfigureAwait(false);
        if (found is not { } item || item.Item.ItemId != itemId)
        {
            return NotFound(itemId);
        }

        var i = item.Item;
        return TypedResults.Ok(new InboxItemResponse(i.ItemId, i.Date, i.Subject, i.LineCount, i.Read, i.ReadAt, i.DeliveredAt, item.Lines));
    }

    private static async Task<IResult> MarkReadAsync(string itemId, ClaimsPrincipal user, ReminderStore store, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var (parsed, problem) = Reach(caller, itemId, "đánh dấu");
        if (problem is not null)
        {
            return problem;
        }

        var item = await store.MarkReadAsync(caller.Province, parsed.RecipientId, parsed.Date, cancellationToken).ConfigureAwait(false);
        return item is null || item.ItemId != itemId ? NotFound(itemId) : TypedResults.Ok(ToSummary(item));
    }

    /// <summary>The item's day and recipient when the caller may reach it; else the problem (an unknown id 404, another agency's 403).</summary>
    private static ((DateOnly Date, string RecipientId) Item, ProblemHttpResult? Problem) Reach(Caller caller, string itemId, string verb) =>
        ReminderDigest.ParseId(caller.Province, itemId) is not { } parsed
            ? (default, NotFound(itemId))
            : caller.IsAgency && parsed.RecipientId != caller.AgencyId
                ? (default, ApiProblems.Forbidden($"Khóa của cơ quan chỉ {verb} được nhắc việc của chính cơ quan đó."))
                : (parsed, null);

    private static ProblemHttpResult NotFound(string itemId) => ApiProblems.NotFound($"Không có bản nhắc việc '{itemId}'.");

    /// <summary>Whose inbox: an agency key its own (naming another is refused: null); the admin the office's unless it names one.</summary>
    private static string? Scope(Caller caller, string? recipient) =>
        caller.IsAgency
            ? recipient is null || recipient == caller.AgencyId ? caller.AgencyId : null
            : recipient ?? ReminderRules.Office;

    private static InboxItemSummary ToSummary(InboxItem i) => new(i.ItemId, i.Date, i.Subject, i.LineCount, i.Read, i.ReadAt, i.DeliveredAt);
}
