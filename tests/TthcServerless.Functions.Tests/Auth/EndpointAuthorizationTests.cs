using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TthcServerless.Functions.Auth;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Auth;

/// <summary>
/// Every endpoint the app maps has an expected access rule. A new route without a row here fails, so nothing becomes
/// public or over-open by forgetting a line; a row without a route fails too, so the table stays the truth.
/// </summary>
public sealed class EndpointAuthorizationTests(AzuriteFixture azurite)
{
    private const string Anonymous = "anonymous";
    private const string Staff = "staff (admin, analyst, agency)";
    private const string Reporter = "reporter (admin, agency)";
    private const string Admin = "admin";
    private const string Analysts = "analysts (admin, analyst)";

    /// <summary>"METHOD /route" → who may call it.</summary>
    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["GET /"] = Anonymous,
        ["POST /{functionName:regex(^[A-Za-z][A-Za-z0-9_-]*$)}"] = Anonymous,
        ["GET /api/openapi/{documentName}.json"] = Anonymous,
        ["GET /api/health"] = Anonymous,
        ["POST /api/feedback/"] = Anonymous,
        ["GET /api/feedback/track/{trackingCode}"] = Anonymous,
        // The page and its files hold no data; the data endpoint checks the key itself (401, 403, or the public
        // aggregates a province may publish: docs/dashboard.md).
        ["GET /api/dashboard/"] = Anonymous,
        ["GET /api/dashboard/assets/{**path}"] = Anonymous,
        ["GET /api/dashboard/data"] = Anonymous,

        ["GET /api/agencies/"] = Staff,
        ["GET /api/agencies/{agencyId}"] = Staff,
        ["GET /api/registry/"] = Staff,
        ["GET /api/plans/"] = Staff,
        ["GET /api/plans/{planId}"] = Staff,
        ["GET /api/plans/{planId}/tasks"] = Staff,
        ["GET /api/plans/{planId}/tasks/{taskId}"] = Staff,
        ["GET /api/plans/{planId}/assignments"] = Staff,
        ["GET /api/plans/{planId}/assignments/{agencyId}/{taskId}"] = Staff,
        ["GET /api/plans/{planId}/tasks/{taskId}/updates"] = Staff,
        ["GET /api/updates/{updateId}"] = Staff,
        ["GET /api/calendar/"] = Staff,
        ["GET /api/calendar/deadline"] = Staff,
        ["GET /api/feedback/"] = Staff,
        ["GET /api/feedback/{trackingCode}"] = Staff,

        ["POST /api/plans/{planId}/tasks/{taskId}/updates/"] = Reporter,
        ["POST /api/feedback/{trackingCode}/receive"] = Reporter,
        ["POST /api/feedback/{trackingCode}/classify"] = Reporter,
        ["POST /api/feedback/{trackingCode}/assign"] = Reporter,
        ["POST /api/feedback/{trackingCode}/start-handling"] = Reporter,
        ["POST /api/feedback/{trackingCode}/request-information"] = Reporter,
        ["POST /api/feedback/{trackingCode}/supply-information"] = Reporter,
        ["POST /api/feedback/{trackingCode}/answer"] = Reporter,
        ["POST /api/feedback/{trackingCode}/return-for-rework"] = Reporter,
        ["POST /api/feedback/{trackingCode}/publish"] = Reporter,

        ["PUT /api/agencies/{agencyId}"] = Admin,
        ["POST /api/agencies/import"] = Admin,
        ["POST /api/agencies/{agencyId}/keys/"] = Admin,
        ["GET /api/agencies/{agencyId}/keys/"] = Admin,
        ["DELETE /api/agencies/{agencyId}/keys/{keyId}"] = Admin,
        ["POST /api/keys/"] = Admin,
        ["GET /api/keys/"] = Admin,
        ["DELETE /api/keys/{keyId}"] = Admin,
        ["POST /api/plans/import"] = Admin,
        ["GET /api/calendar/extensions"] = Admin,
        ["POST /api/calendar/extensions"] = Admin,
        ["PUT /api/calendar/extensions"] = Admin,
        ["POST /admin/functions/{functionName}"] = Admin,
        ["POST /api/reminders/runs"] = Admin,
        ["GET /api/reminders/runs/{date}"] = Admin,
        ["GET /api/reminders/digests/{digestId}"] = Admin,
        ["POST /api/webhooks/"] = Admin,
        ["GET /api/webhooks/"] = Admin,
        ["DELETE /api/webhooks/{webhookId}"] = Admin,

        ["GET /api/inbox/"] = Reporter,
        ["GET /api/inbox/{itemId}"] = Reporter,
        ["POST /api/inbox/{itemId}/read"] = Reporter,

        ["POST /api/reports/"] = Analysts,
        ["GET /api/reports/"] = Analysts,
        ["GET /api/reports/{reportId}"] = Analysts,
        ["GET /api/reports/{reportId}/content"] = Analysts,
    };

    [Fact]
    public async Task Every_mapped_endpoint_has_the_expected_access_rule()
    {
        await using var app = new TestApp(azurite.ConnectionString);
        var services = app.Services;
        var policies = services.GetRequiredService<IAuthorizationPolicyProvider>();
        var actual = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"];
            var rule = await RuleOfAsync(endpoint, policies);
            foreach (var method in methods)
            {
                actual[$"{method} {endpoint.RoutePattern.RawText}"] = rule;
            }
        }

        var unexpected = actual.Keys.Except(Expected.Keys).Select(k => $"{k} ({actual[k]})").ToList();
        var missing = Expected.Keys.Except(actual.Keys).ToList();
        var wrong = actual.Keys.Intersect(Expected.Keys).Where(k => actual[k] != Expected[k]).Select(k => $"{k}: expected {Expected[k]}, is {actual[k]}").ToList();
        Assert.True(unexpected.Count == 0, "Endpoints without an expected rule: " + string.Join("; ", unexpected));
        Assert.True(missing.Count == 0, "Expected endpoints the app does not map: " + string.Join("; ", missing));
        Assert.True(wrong.Count == 0, "Endpoints with the wrong rule: " + string.Join("; ", wrong));
        Assert.Equal(Expected.Count, actual.Count);
    }

    [Fact]
    public async Task An_endpoint_that_names_no_policy_still_needs_a_staff_key()
    {
        await using var app = new TestApp(azurite.ConnectionString);
        var fallback = await app.Services.GetRequiredService<IAuthorizationPolicyProvider>().GetFallbackPolicyAsync();

        Assert.NotNull(fallback);
        Assert.Equal(Staff, Describe(fallback));
    }

    /// <summary>The policy the authorization middleware applies to this endpoint, described by the roles it admits.</summary>
    private static async Task<string> RuleOfAsync(Endpoint endpoint, IAuthorizationPolicyProvider policies)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return Anonymous;
        }

        var policy = await AuthorizationPolicy.CombineAsync(policies, endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(), endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>());
        return policy is null ? "none" : Describe(policy);
    }

    private static string Describe(AuthorizationPolicy policy)
    {
        // Several role requirements must all pass: the roles admitted are those every one of them allows.
        var roles = policy.Requirements.OfType<Microsoft.AspNetCore.Authorization.Infrastructure.RolesAuthorizationRequirement>()
            .Select(r => (IEnumerable<string>)r.AllowedRoles)
            .Aggregate((a, b) => a.Intersect(b))
            .Order(StringComparer.Ordinal)
            .ToList();
        return roles switch
        {
            [ApiRoles.Admin] => Admin,
            [ApiRoles.Admin, ApiRoles.Agency] => Reporter,
            [ApiRoles.Admin, ApiRoles.Analyst] => Analysts,
            [ApiRoles.Admin, ApiRoles.Agency, ApiRoles.Analyst] => Staff,
            _ => "roles: " + string.Join(", ", roles),
        };
    }
}
