using System.Text;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Auth;

/// <summary>Every role against every endpoint: who may read, who may write, and what the others get (401 or 403, as problem+json).</summary>
public sealed class AuthorizationMatrixTests(SamplePlanFixture sample) : IClassFixture<SamplePlanFixture>
{
    private const string Plan = SampleData.PlanId;
    private const string Own = SamplePlanFixture.OwnAgency;
    private const string Other = SamplePlanFixture.OtherAgency;

    public enum Role
    {
        None,
        InvalidKey,
        Admin,
        Analyst,
        Agency,
    }

    private static readonly string SmallPlan = "| STT | Nội dung | Cơ quan chủ trì | Thời gian thực hiện |\n|---|---|---|---|\n| 1 | Việc kiểm thử | Sở Tư pháp | Quý I/2026 |";

    /// <summary>(method, path, body, expected status for: none, invalid key, admin, analyst, agency).</summary>
    private static readonly (string Method, string Path, string? Body, int[] Expected)[] Endpoints =
    [
        ("GET", "/api/health", null, [200, 200, 200, 200, 200]),
        ("GET", "/api/openapi/v1.json", null, [200, 200, 200, 200, 200]),
        ("GET", "/api/agencies", null, [401, 401, 200, 200, 200]),
        ("GET", $"/api/agencies/{Own}", null, [401, 401, 200, 200, 200]),
        ("GET", "/api/registry", null, [401, 401, 200, 200, 200]),
        ("PUT", "/api/agencies/so-thu-nghiem", """{"name":"Sở Thử nghiệm","level":"tinh","kind":"so"}""", [401, 401, 201, 403, 403]),
        ("POST", "/api/agencies/import", """[{"id":"so-tu-phap","name":"Sở Tư pháp","level":"tinh","kind":"so","aliases":["Sở Tư pháp tỉnh Tiền Giang","Sở Tư pháp tỉnh"]}]""", [401, 401, 200, 403, 403]),
        ("POST", $"/api/agencies/{Own}/keys", "{}", [401, 401, 201, 403, 403]),
        ("GET", $"/api/agencies/{Own}/keys", null, [401, 401, 200, 403, 403]),
        ("POST", "/api/keys", """{"role":"analyst"}""", [401, 401, 201, 403, 403]),
        ("GET", "/api/keys", null, [401, 401, 200, 403, 403]),
        ("POST", "/api/plans/import?planId=ma-tran&year=2026", "text:" + SmallPlan, [401, 401, 201, 403, 403]),
        ("GET", "/api/plans", null, [401, 401, 200, 200, 200]),
        ("GET", $"/api/plans/{Plan}", null, [401, 401, 200, 200, 200]),
        ("GET", $"/api/plans/{Plan}/tasks", null, [401, 401, 200, 200, 200]),
        ("GET", $"/api/plans/{Plan}/tasks/I.1", null, [401, 401, 200, 200, 200]),
        ("GET", $"/api/plans/{Plan}/assignments", null, [401, 401, 200, 200, 200]),
        ("GET", $"/api/plans/{Plan}/assignments?agencyId={Own}", null, [401, 401, 200, 200, 200]),
        ("GET", $"/api/plans/{Plan}/assignments?agencyId={Other}", null, [401, 401, 200, 200, 403]),
        // Reminders: runs, the outbox and webhooks are the office's; the inbox is the admin's and each agency's own.
        ("POST", "/api/reminders/runs?date=2026-02-18", null, [401, 401, 200, 403, 403]),
        ("GET", "/api/reminders/runs/2026-02-18", null, [401, 401, 404, 403, 403]),
        ("GET", "/api/reminders/digests/rem-tien-giang-20260324-so-tu-phap", null, [401, 401, 404, 403, 403]),
        ("GET", "/api/inbox", null, [401, 401, 200, 403, 200]),
        ("GET", $"/api/inbox?recipient={Other}", null, [401, 401, 200, 403, 403]),
        ("POST", $"/api/inbox/rem-tien-giang-20260324-{Own}/read", null, [401, 401, 404, 403, 404]),
        ("POST", $"/api/inbox/rem-tien-giang-20260324-{Other}/read", null, [401, 401, 404, 403, 403]),
        ("GET", "/api/webhooks", null, [401, 401, 200, 403, 403]),
        ("POST", "/api/webhooks", """{"recipient":"so-tu-phap","url":"https://10.0.0.1/hook"}""", [401, 401, 400, 403, 403]),
        ("DELETE", "/api/webhooks/wh_none", null, [401, 401, 404, 403, 403]),
    ];

    public static IEnumerable<TheoryDataRow<string, string, string?, Role, int>> Cases =>
        Endpoints.SelectMany(endpoint => Enum.GetValues<Role>().Select((role, i) =>
            new TheoryDataRow<string, string, string?, Role, int>(endpoint.Method, endpoint.Path, endpoint.Body, role, endpoint.Expected[i])));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_role_gets_the_expected_answer(string method, string path, string? body, Role role, int expected)
    {
        using var client = sample.App.ClientWithKey(role switch
        {
            Role.None => null,
            Role.InvalidKey => "tthc_this-key-was-never-issued-000000000",
            Role.Admin => TestApp.AdminKey,
            Role.Analyst => sample.AnalystKey,
            _ => sample.AgencyKey,
        });
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = body.StartsWith("text:", StringComparison.Ordinal)
                ? new StringContent(body["text:".Length..], Encoding.UTF8, "text/plain")
                : new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        // A repeated admin write may answer 200 instead of 201 (the thing exists by then); both are success.
        var status = (int)response.StatusCode;
        if (expected == 201 && status == 200)
        {
            status = 201;
        }

        Assert.True(expected == status, $"{role} {method} {path}: expected {expected}, got {status}: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        if (status is 401 or 403)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }
}
