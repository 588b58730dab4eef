using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using TthcServerless.Functions.Http;

namespace TthcServerless.Functions.Auth;

/// <summary>Body of a key request; the role is only given for <c>/api/keys</c> (analyst or admin).</summary>
public sealed record IssueKeyRequest(string? Role, string? Label);

/// <summary>A newly issued key. <see cref="Key"/> is shown this once and never again.</summary>
public sealed record IssuedKeyResponse(string KeyId, string Key, string Role, string? AgencyId, string? Label, DateTimeOffset CreatedAt);

/// <summary>A key as listed: everything but the secret.</summary>
public sealed record KeyResponse(string KeyId, string Role, string? AgencyId, string? Label, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt);

/// <summary>Admins issue, list and revoke analyst and admin keys under <c>/api/keys</c> (agency keys: <c>AgencyKeyEndpoints</c>).</summary>
internal static class KeyEndpoints
{
    public const int MaxLabelLength = 200;

    public static IEndpointRouteBuilder MapKeyEndpoints(this IEndpointRouteBuilder api)
    {
        var keys = api.MapGroup("/keys").WithTags("Keys").RequireAuthorization(ApiPolicies.Admin);
        keys.MapPost("/", IssueKeyAsync).WithSummary("Cấp khóa API cho chuyên viên phân tích (analyst) hoặc quản trị (admin).").Accepts<IssueKeyRequest>("application/json");
        keys.MapGet("/", ListKeysAsync).WithSummary("Mọi khóa đã cấp của tỉnh.");
        keys.MapDelete("/{keyId}", RevokeKeyAsync).WithSummary("Thu hồi một khóa.");
        return api;
    }

    private static async Task<IResult> IssueKeyAsync(HttpRequest request, ClaimsPrincipal user, ApiKeyStore keys, CancellationToken cancellationToken)
    {
        var (body, problem) = await ReadOptionalAsync(request, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (!ApiRoles.IsIssuable(body.Role))
        {
            return ApiProblems.Invalid("role", "role phải là 'analyst' hoặc 'admin'; khóa của cơ quan cấp tại /api/agencies/{agencyId}/keys.");
        }

        return await IssueAsync(keys, Caller.From(user), body.Role!, null, body.Label, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Ok<List<KeyResponse>>> ListKeysAsync(ClaimsPrincipal user, ApiKeyStore keys, CancellationToken cancellationToken) =>
        TypedResults.Ok((await keys.ListAsync(Caller.From(user).Province, null, cancellationToken).ConfigureAwait(false)).Select(ToResponse).ToList());

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeKeyAsync(string keyId, ClaimsPrincipal user, ApiKeyStore keys, CancellationToken cancellationToken) =>
        await keys.RevokeAsync(Caller.From(user).Province, keyId, null, cancellationToken).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : ApiProblems.NotFound($"Không có khóa '{keyId}'.");

    internal static async Task<IResult> IssueAsync(ApiKeyStore keys, Caller caller, string role, string? agencyId, string? label, CancellationToken cancellationToken)
    {
        var cleanLabel = Domain.Text.VietnameseText.Clean(label);
        if (cleanLabel.Length > MaxLabelLength)
        {
            return ApiProblems.Invalid("label", $"Nhãn dài hơn {MaxLabelLength} ký tự.");
        }

        var (record, secret) = await keys.IssueAsync(caller.Province, role, agencyId, cleanLabel.Length == 0 ? null : cleanLabel, caller.Actor, cancellationToken).ConfigureAwait(false);
        var location = agencyId is null ? $"/api/keys/{record.KeyId}" : $"/api/agencies/{agencyId}/keys/{record.KeyId}";
        return TypedResults.Created(location, new IssuedKeyResponse(record.KeyId, secret, record.Role, record.AgencyId, record.Label, record.CreatedAt));
    }

    /// <summary>The body is optional (a key needs nothing but may carry a label).</summary>
    internal static async Task<(IssueKeyRequest Body, IResult? Problem)> ReadOptionalAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && request.ContentType is null))
        {
            return (new IssueKeyRequest(null, null), null);
        }

        var (body, problem) = await RequestBody.ReadJsonAsync<IssueKeyRequest>(request, 16 * 1024, cancellationToken).ConfigureAwait(false);
        return (body ?? new IssueKeyRequest(null, null), problem);
    }

    internal static KeyResponse ToResponse(ApiKeyRecord record) =>
        new(record.KeyId, record.Role, record.AgencyId, record.Label, record.CreatedAt, record.CreatedBy, record.RevokedAt);
}
