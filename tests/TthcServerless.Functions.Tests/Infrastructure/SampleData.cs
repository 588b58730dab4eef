using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace TthcServerless.Functions.Tests.Infrastructure;

/// <summary>The repository's samples, loaded through the API as an office would.</summary>
public static class SampleData
{
    public const string PlanId = "tg-kstthc-2022";

    public static string RegistryJson => Read("agencies.json");

    public static string PlanText => Read("ke-hoach-kstthc-2022.txt");

    public static async Task LoadRegistryAsync(HttpClient admin)
    {
        using var content = new StringContent(RegistryJson, Encoding.UTF8, "application/json");
        using var response = await admin.PostAsync(new Uri("/api/agencies/import", UriKind.Relative), content);
        await EnsureAsync(response, HttpStatusCode.OK);
    }

    public static async Task<JsonElement> ImportPlanTextAsync(HttpClient admin, string text, string planId = PlanId, string mediaType = "text/plain", int? year = null)
    {
        using var content = new StringContent(text, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType) { CharSet = "utf-8" };
        var query = year is null ? $"planId={planId}" : $"planId={planId}&year={year}";
        using var response = await admin.PostAsync(new Uri($"/api/plans/import?{query}", UriKind.Relative), content);
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Issues a key through the API; returns the secret.</summary>
    public static async Task<string> IssueAgencyKeyAsync(HttpClient admin, string agencyId)
    {
        using var response = await admin.PostAsync(new Uri($"/api/agencies/{agencyId}/keys", UriKind.Relative), JsonContent.Create(new { label = "test" }));
        await EnsureAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    public static async Task<string> IssueKeyAsync(HttpClient admin, string role)
    {
        using var response = await admin.PostAsync(new Uri("/api/keys", UriKind.Relative), JsonContent.Create(new { role, label = "test" }));
        await EnsureAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    public static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.StatusCode != expected)
        {
            Assert.Fail($"Expected {expected}, got {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", "tien-giang", name));
}

/// <summary>
/// One app per test class with the sample registry and plan imported and an analyst key and two agency keys issued —
/// for tests that only read.
/// </summary>
public sealed class SamplePlanFixture(AzuriteFixture azurite) : IAsyncLifetime
{
    public const string OwnAgency = "so-tu-phap";
    public const string OtherAgency = "so-y-te";

    public TestApp App { get; } = new(azurite.ConnectionString);

    public string AnalystKey { get; private set; } = string.Empty;

    public string AgencyKey { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync()
    {
        using var admin = App.AdminClient();
        await SampleData.LoadRegistryAsync(admin);
        await SampleData.ImportPlanTextAsync(admin, SampleData.PlanText);
        AnalystKey = await SampleData.IssueKeyAsync(admin, "analyst");
        AgencyKey = await SampleData.IssueAgencyKeyAsync(admin, OwnAgency);
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
