using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Updates;

/// <summary>
/// The sample plan served on a real port with the local trigger runner on (so IngestTaskUpdate runs through the
/// invocation contract), fast queue settings, and agency keys for a few agencies.
/// </summary>
public sealed class UpdatesFixture(AzuriteFixture azurite) : IAsyncLifetime
{
    public const string Plan = SampleData.PlanId;

    /// <summary>Sở Thông tin và Truyền thông leads I.4, due 31/03/2022.</summary>
    public const string Ministry = "so-thong-tin-va-truyen-thong";

    /// <summary>Sở Tư pháp leads III.1 ("Thường xuyên") among others.</summary>
    public const string Justice = "so-tu-phap";

    public TestApp App { get; } = FastQueues(new TestApp(azurite.ConnectionString)).WithKestrel();

    public Dictionary<string, string> AgencyKeys { get; } = new(StringComparer.Ordinal);

    public string AnalystKey { get; private set; } = string.Empty;

    public static TestApp FastQueues(TestApp app) => app
        .WithSetting("AzureFunctionsJobHost:extensions:queues:visibilityTimeout", "00:00:00")
        .WithSetting("AzureFunctionsJobHost:extensions:queues:maxPollingInterval", "00:00:00.200");

    public async ValueTask InitializeAsync()
    {
        using var admin = App.AdminClient();
        await SampleData.LoadRegistryAsync(admin);
        await SampleData.ImportPlanTextAsync(admin, SampleData.PlanText);
        foreach (var agency in new[] { Ministry, Justice, "so-y-te" })
        {
            AgencyKeys[agency] = await SampleData.IssueAgencyKeyAsync(admin, agency);
        }

        AnalystKey = await SampleData.IssueKeyAsync(admin, "analyst");
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string taskId, object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/plans/{Plan}/tasks/{taskId}/updates", UriKind.Relative))
        {
            Content = JsonContent.Create(body),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    public static async Task<string> AcceptedIdAsync(HttpResponseMessage response)
    {
        await SampleData.EnsureAsync(response, HttpStatusCode.Accepted);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("updateId").GetString()!;
    }

    /// <summary>Polls the status URL until the update is no longer queued.</summary>
    public static async Task<JsonElement> WaitForOutcomeAsync(HttpClient client, string updateId, TimeSpan? patience = null)
    {
        using var deadline = new CancellationTokenSource(patience ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            using var response = await client.GetAsync(new Uri($"/api/updates/{updateId}", UriKind.Relative), deadline.Token);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var status = await response.Content.ReadFromJsonAsync<JsonElement>(deadline.Token);
                if (status.GetProperty("state").GetString() != "queued")
                {
                    return status;
                }
            }

            await Task.Delay(100, deadline.Token);
        }
    }

    /// <summary>
    /// Every stored history row of the plan, read straight from the table; none when nothing was ever stored (the app
    /// creates the table on its first write, so a test that runs before any write finds no table).
    /// </summary>
    public async Task<List<TableEntity>> HistoryRowsAsync()
    {
        var table = App.Services.GetRequiredService<TableServiceClient>().GetTableClient($"{App.Prefix}TaskUpdates");
        var rows = new List<TableEntity>();
        const string from = "tien-giang|" + Plan + "|";
        const string to = "tien-giang|" + Plan + "}";
        try
        {
            await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}")))
            {
                rows.Add(row);
            }
        }
        catch (Azure.RequestFailedException ex) when (ex.ErrorCode == "TableNotFound")
        {
        }

        return rows;
    }

    public QueueClient Queue(string name) => App.Services.GetRequiredService<QueueServiceClient>().GetQueueClient($"{App.Prefix}-{name}");

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
