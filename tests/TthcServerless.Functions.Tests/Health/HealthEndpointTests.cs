using System.Net;
using System.Text.Json;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Health;

public sealed class HealthEndpointTests(AzuriteFixture azurite)
{
    private const string UnreachableStorage =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        "BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;QueueEndpoint=http://127.0.0.1:9/devstoreaccount1;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;";

    [Fact]
    public async Task Health_is_200_and_names_the_mode_when_tables_blobs_and_queues_answer()
    {
        await using var app = new TestApp(azurite.ConnectionString);

        var (status, body) = await GetHealthAsync(app);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        Assert.Equal("standalone", body.GetProperty("mode").GetString());
        foreach (var service in new[] { "tables", "blobs", "queues" })
        {
            Assert.True(body.GetProperty("checks").GetProperty(service).GetProperty("reachable").GetBoolean(), service);
        }
    }

    [Fact]
    public async Task Health_is_503_not_a_crash_when_storage_is_unreachable()
    {
        await using var app = new TestApp(UnreachableStorage);

        var (status, body) = await GetHealthAsync(app);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("unhealthy", body.GetProperty("status").GetString());
        Assert.False(body.GetProperty("checks").GetProperty("tables").GetProperty("reachable").GetBoolean());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("checks").GetProperty("queues").GetProperty("error").GetString()));
    }

    [Fact]
    public async Task Health_is_503_and_says_so_when_storage_is_not_configured()
    {
        await using var app = new TestApp(azurite.ConnectionString).WithSetting("AzureWebJobsStorage", "");

        var (status, body) = await GetHealthAsync(app);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.StartsWith("not configured", body.GetProperty("storage").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_answer_does_not_reveal_the_storage_key()
    {
        await using var app = new TestApp(azurite.ConnectionString);
        using var client = app.CreateClient();

        var text = await client.GetStringAsync(new Uri("/api/health", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.DoesNotContain("AccountKey", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Eby8vdM02x", text, StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetHealthAsync(TestApp app)
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync(new Uri("/api/health", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/json", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (response.StatusCode, document.RootElement.Clone());
    }
}
