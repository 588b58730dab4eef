using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using TthcServerless.Domain;
using TthcServerless.Domain.Reminders;
using TthcServerless.Functions.Agencies;
using TthcServerless.Functions.Auth;
using TthcServerless.Functions.Http;

namespace TthcServerless.Functions.Webhooks;

internal sealed record WebhookRequest(string? Recipient, string? Url);

/// <summary>A new webhook: the secret appears here once and never again.</summary>
internal sealed record WebhookCreated(string WebhookId, string Recipient, string Url, string Secret, DateTimeOffset CreatedAt);

internal sealed record WebhookResponse(string WebhookId, string Recipient, string Url, string State, DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt, string? DisabledReason);

/// <summary>
/// Signed webhooks for reminder digests (Standard Webhooks 1.0, docs/reminders.md): the office registers an endpoint for
/// an agency or for itself; every digest of that recipient is POSTed to it. Admin only.
/// </summary>
internal static class WebhookEndpoints
{
    public const long BodyLimit = 8 * 1024;

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder api)
    {
        var webhooks = api.MapGroup("/webhooks").WithTags("Reminders").RequireAuthorization(ApiPolicies.Admin);
        webhooks.MapPost("/", CreateAsync)
            .WithSummary("Đăng ký webhook nhận nhắc việc của một cơ quan (hoặc office): trả 201 kèm secret whsec_… chỉ hiện một lần.")
            .Accepts<WebhookRequest>("application/json")
            .Produces<WebhookCreated>(StatusCodes.Status201Created);
        webhooks.MapGet("/", ListAsync).WithSummary("Các webhook đã đăng ký (không kèm secret).");
        webhooks.MapDelete("/{webhookId}", DeleteAsync).WithSummary("Xóa một webhook.");
        return api;
    }

    private static async Task<IResult> CreateAsync(
        HttpRequest request, ClaimsPrincipal user, WebhookStore store, AgencyRegistryStore registry, IOptions<WebhookOptions> options, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadJsonAsync<WebhookRequest>(request, BodyLimit, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var caller = Caller.From(user);
        var errors = new List<FieldError>();
        var recipient = body!.Recipient;
        if (recipient is null)
        {
            errors.Add(new FieldError("recipient", "bắt buộc: 'office' hoặc mã một cơ quan trong danh mục."));
        }
        else if (recipient != ReminderRules.Office)
        {
            var (agencies, _) = await registry.GetAsync(caller.Province, cancellationToken).ConfigureAwait(false);
            if (agencies.FindAgency(recipient) is null)
            {
                errors.Add(new FieldError("recipient", $"'{recipient}' không có trong danh mục cơ quan; dùng 'office' hoặc mã một cơ quan."));
            }
        }

        if (WebhookAddressPolicy.ProblemWith(body.Url, options.Value.AllowLoopbackHttp, out var url) is { } urlProblem)
        {
            errors.Add(new FieldError("url", urlProblem));
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors);
        }

        var created = await store.CreateAsync(caller.Province, recipient!, url!, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/webhooks/{created.WebhookId}",
            new WebhookCreated(created.WebhookId, created.Recipient, created.Url.ToString(), created.Secret, created.CreatedAt));
    }

    private static async Task<Ok<IReadOnlyList<WebhookResponse>>> ListAsync(ClaimsPrincipal user, WebhookStore store, CancellationToken cancellationToken)
    {
        var webhooks = await store.ListAsync(Caller.From(user).Province, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok<IReadOnlyList<WebhookResponse>>([.. webhooks.Select(w =>
            new WebhookResponse(w.WebhookId, w.Recipient, w.Url.ToString(), w.State, w.CreatedAt, w.DisabledAt, w.DisabledReason))]);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string webhookId, ClaimsPrincipal user, WebhookStore store, CancellationToken cancellationToken) =>
        await store.DeleteAsync(Caller.From(user).Province, webhookId, cancellationToken).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : ApiProblems.NotFound($"Không có webhook '{webhookId}'.");
}
