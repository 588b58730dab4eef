using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using TthcServerless.Functions.Auth;
using TthcServerless.Functions.Http;

namespace TthcServerless.Functions.Agencies;

/// <summary>
/// Admins issue, list and revoke an agency's keys under <c>/api/agencies/{id}/keys</c>. It lives with the agencies (it
/// needs the registry to know the agency exists) so that Auth depends on no feature.
/// </summary>
internal static class AgencyKeyEndpoints
{
    public static IEndpointRouteBuilder MapAgencyKeyEndpoints(this IEndpointRouteBuilder api)
    {
        var agencyKeys = api.MapGroup("/agencies/{agencyId}/keys").WithTags("Keys").RequireAuthorization(ApiPolicies.Admin);
        agencyKeys.MapPost("/", IssueAgencyKeyAsync).WithSummary("Cấp khóa API cho một cơ quan; khóa chỉ hiện một lần.").Accepts<IssueKeyRequest>("application/json");
        agencyKeys.MapGet("/", ListAgencyKeysAsync).WithSummary("Các khóa của một cơ quan (không có khóa bí mật).");
        agencyKeys.MapDelete("/{keyId}", RevokeAgencyKeyAsync).WithSummary("Thu hồi khóa của một cơ quan.");
        return api;
    }

    private static async Task<IResult> IssueAgencyKeyAsync(
        string agencyId, HttpRequest request, ClaimsPrincipal user, AgencyRegistryStore registries, ApiKeyStore keys, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var (registry, _) = await registries.GetAsync(caller.Province, cancellationToken).ConfigureAwait(false);
        if (registry.FindAgency(agencyId) is null)
        {
            return ApiProblems.NotFound($"Không có cơ quan '{agencyId}'.");
        }

        var (body, problem) = await KeyEndpoints.ReadOptionalAsync(request, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (body.Role is not null && body.Role != ApiRoles.Agency)
        {
            return ApiProblems.Invalid("role", "Khóa của cơ quan luôn có vai trò 'agency'; khóa analyst/admin cấp tại /api/keys.");
        }

        return await KeyEndpoints.IssueAsync(keys, caller, ApiRoles.Agency, agencyId, body.Label, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Ok<List<KeyResponse>>> ListAgencyKeysAsync(string agencyId, ClaimsPrincipal user, ApiKeyStore keys, CancellationToken cancellationToken) =>
        TypedResults.Ok((await keys.ListAsync(Caller.From(user).Province, agencyId, cancellationToken).ConfigureAwait(false)).Select(KeyEndpoints.ToResponse).ToList());

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAgencyKeyAsync(string agencyId, string keyId, ClaimsPrincipal user, ApiKeyStore keys, CancellationToken cancellationToken) =>
        await keys.RevokeAsync(Caller.From(user).Province, keyId, agencyId, cancellationToken).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : ApiProblems.NotFound($"Cơ quan '{agencyId}' không có khóa '{keyId}'.");
}
