using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using TthcServerless.Domain.Agencies;
using TthcServerless.Functions.Auth;
using TthcServerless.Functions.Http;

namespace TthcServerless.Functions.Agencies;

/// <summary>An agency on the wire: its explicit fields plus every group it belongs to (explicitly or by rule).</summary>
public sealed record AgencyResponse(string Id, string Name, string Level, string? ParentId, string? Kind, IReadOnlyList<string> Groups, IReadOnlyList<string> Aliases, string? Mailbox);

/// <summary>What an import changed.</summary>
public sealed record AgencyImportResult(int Agencies, int Added, int Updated, int Levels, int Groups);

/// <summary>
/// The agency registry: anyone with a staff key reads it; admins change it. Every change is validated against the whole
/// registry (levels, groups, parents, names that would mean two agencies) and saved atomically.
/// </summary>
internal static class AgencyEndpoints
{
    public const long ImportLimit = 2 * 1024 * 1024;

    public static IEndpointRouteBuilder MapAgencyEndpoints(this IEndpointRouteBuilder api)
    {
        var staff = api.MapGroup("/agencies").WithTags("Agencies").RequireAuthorization(ApiPolicies.Staff);
        var admin = api.MapGroup("/agencies").WithTags("Agencies").RequireAuthorization(ApiPolicies.Admin);
        staff.MapGet("/", ListAsync)
            .WithSummary("Danh mục cơ quan của tỉnh, lọc theo cấp hoặc nhóm.");
        staff.MapGet("/{agencyId}", GetAsync)
            .WithSummary("Một cơ quan.");
        admin.MapPut("/{agencyId}", PutAsync)
            .WithSummary("Thêm hoặc sửa một cơ quan (quản trị).")
            .Accepts<AgencyDocument>("application/json");
        admin.MapPost("/import", ImportAsync)
            .WithSummary("Nhập danh mục: một mảng cơ quan, hoặc tài liệu {levels, groups, agencies}. mode=merge (mặc định) thêm/sửa; mode=replace thay toàn bộ.")
            .Accepts<AgencyRegistryDocument>("application/json");
        api.MapGroup("/registry").WithTags("Agencies").RequireAuthorization(ApiPolicies.Staff).MapGet("/", GetRegistryAsync)
            .WithSummary("Toàn bộ danh mục (cấp, nhóm, cơ quan) dưới dạng tài liệu nhập được.");
        return api;
    }

    private static async Task<Ok<List<AgencyResponse>>> ListAsync(
        string? level, string? group, ClaimsPrincipal user, AgencyRegistryStore store, CancellationToken cancellationToken)
    {
        var (registry, _) = await store.GetAsync(Caller.From(user).Province, cancellationToken).ConfigureAwait(false);
        var members = group is null ? null : registry.MembersOf(group).Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var agencies = registry.Agencies
            .Where(a => level is null || a.Level == level)
            .Where(a => members is null || members.Contains(a.Id))
            .Select(a => ToResponse(registry, a))
            .ToList();
        return TypedResults.Ok(agencies);
    }

    private static async Task<Results<Ok<AgencyResponse>, ProblemHttpResult>> GetAsync(
        string agencyId, ClaimsPrincipal user, AgencyRegistryStore store, CancellationToken cancellationToken)
    {
        var (registry, _) = await store.GetAsync(Caller.From(user).Province, cancellationToken).ConfigureAwait(false);
        return registry.FindAgency(agencyId) is { } agency
            ? TypedResults.Ok(ToResponse(registry, agency))
            : ApiProblems.NotFound($"Không có cơ quan '{agencyId}'.");
    }

    private static async Task<Ok<AgencyRegistryDocument>> GetRegistryAsync(ClaimsPrincipal user, AgencyRegistryStore store, CancellationToken cancellationToken)
    {
        var (registry, _) = await store.GetAsync(Caller.From(user).Province, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(AgencyRegistryDocument.From(registry));
    }

    private static async Task<IResult> PutAsync(
        string agencyId, HttpRequest request, ClaimsPrincipal user, AgencyRegistryStore store, CancellationToken cancellationToken)
    {
        if (!AgencyRegistry.IsValidId(agencyId))
        {
            return ApiProblems.Invalid("agencyId", $"'{agencyId}' không phải mã cơ quan hợp lệ (chữ thường không dấu, chữ số, dấu gạch ngang).");
        }

        var (document, problem) = await RequestBody.ReadJsonAsync<AgencyDocument>(request, RequestBody.DefaultJsonLimit, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (document!.NullItems("agency").ToList() is [_, ..] nulls)
        {
            return NullItemsProblem(nulls);
        }

        if (document.Id is { } bodyId && bodyId != agencyId)
        {
            return ApiProblems.Invalid("id", $"Mã trong thân yêu cầu ('{bodyId}') khác mã trên đường dẫn ('{agencyId}').");
        }

        var province = Caller.From(user).Province;
        return await WithRegistryAsync(store, province, registry =>
        {
            var existed = registry.FindAgency(agencyId) is not null;
            var updated = registry.WithAgencies([(document with { Id = agencyId }).ToAgency()]);
            var response = ToResponse(updated, updated.FindAgency(agencyId)!);
            return (updated, existed
                ? TypedResults.Ok(response)
                : (IResult)TypedResults.Created($"/api/agencies/{agencyId}", response));
        }, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> ImportAsync(
        string? mode, HttpRequest request, ClaimsPrincipal user, AgencyRegistryStore store, CancellationToken cancellationToken)
    {
        if (mode is not (null or "merge" or "replace"))
        {
            return ApiProblems.Invalid("mode", "mode phải là 'merge' hoặc 'replace'.");
        }

        var bytes = await RequestBody.ReadBytesAsync(request, ImportLimit, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return ApiProblems.TooLarge(ImportLimit);
        }

        // A bare array of agencies, or a whole registry document.
        AgencyRegistryDocument imported;
        var firstToken = RequestBody.FirstSignificantByte(bytes);
        if (firstToken == (byte)'[')
        {
            var (agencies, problem) = RequestBody.Deserialize<List<AgencyDocument>>(bytes);
            if (problem is not null)
            {
                return problem;
            }

            imported = new AgencyRegistryDocument { Agencies = agencies };
        }
        else
        {
            var (document, problem) = RequestBody.Deserialize<AgencyRegistryDocument>(bytes);
            if (problem is not null)
            {
                return problem;
            }

            imported = document!;
        }

        if (imported.NullItems() is [_, ..] nullItems)
        {
            return NullItemsProblem(nullItems);
        }

        var province = Caller.From(user).Province;
        return await WithRegistryAsync(store, province, registry =>
        {
            var incoming = (imported.Agencies ?? []).Select(a => a.ToAgency()).ToList();
            var levels = imported.Levels is { Count: > 0 } l ? l.Select(x => x.ToLevel()) : registry.Levels;
            var groups = imported.Groups is { Count: > 0 } g ? g.Select(x => x.ToGroup()) : registry.Groups;
            var replaced = mode == "replace"
                ? AgencyRegistry.Create(levels, groups, incoming)
                : AgencyRegistry.Create(levels, groups, registry.Agencies).WithAgencies(incoming);
            var added = incoming.Count(a => registry.FindAgency(a.Id) is null);
            var result = new AgencyImportResult(replaced.Agencies.Count, added, incoming.Count - added, replaced.Levels.Count, replaced.Groups.Count);
            return (replaced, TypedResults.Ok(result));
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Read, change, validate, save with the ETag read; on a concurrent change, start again from the new registry (a few
    /// times), so two admins editing different agencies both succeed and neither overwrites the other.
    /// </summary>
    private static async Task<IResult> WithRegistryAsync(
        AgencyRegistryStore store, string province, Func<AgencyRegistry, (AgencyRegistry Updated, IResult Answer)> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (registry, etag) = await store.GetAsync(province, cancellationToken).ConfigureAwait(false);
            AgencyRegistry updated;
            IResult answer;
            try
            {
                (updated, answer) = change(registry);
            }
            catch (AgencyRegistryException ex)
            {
                return ApiProblems.Invalid(
                    ex.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                    "Danh mục cơ quan sau thay đổi không hợp lệ; không có gì được lưu.");
            }

            try
            {
                await store.SaveAsync(province, updated, etag, cancellationToken).ConfigureAwait(false);
                return answer;
            }
            catch (RegistryChangedException) when (attempt < 4)
            {
                // Someone saved in between: apply the change to their version.
            }
            catch (RegistryChangedException)
            {
                return ApiProblems.Conflict("Danh mục cơ quan đang được thay đổi đồng thời; vui lòng thử lại.");
            }
        }
    }

    private static AgencyResponse ToResponse(AgencyRegistry registry, Agency agency) => new(
        agency.Id,
        agency.Name,
        agency.Level,
        agency.ParentId,
        agency.Kind,
        registry.GroupsOf(agency.Id),
        agency.Aliases,
        agency.Mailbox);

    private static readonly string[] NotNull = ["không được là null."];

    private static ValidationProblem NullItemsProblem(IReadOnlyList<string> paths) =>
        ApiProblems.Invalid(paths.ToDictionary(p => p, _ => NotNull), "Danh sách có phần tử null; không có gì thay đổi.");
}
