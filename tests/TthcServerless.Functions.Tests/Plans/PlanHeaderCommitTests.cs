using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Plans;

/// <summary>
/// The header switch is the commit of an import. Storage can take that write and lose its reply; the SDK then retries,
/// and the retry meets our own write (409 on a new plan, 412 on an amended one). That import did commit.
/// </summary>
public sealed class PlanHeaderCommitTests : IAsyncLifetime
{
    private readonly TestApp _app;
    private readonly LostHeaderReply _lostReply;
    private HttpClient _admin = null!;

    public PlanHeaderCommitTests(AzuriteFixture azurite)
    {
        _app = new TestApp(azurite.ConnectionString);
        _lostReply = new LostHeaderReply(_app.Prefix + "Plans");
        var connectionString = azurite.ConnectionString;
        _app.WithServices(services => services.AddSingleton(_ =>
        {
            var options = new TableClientOptions();
            options.Retry.Delay = TimeSpan.FromMilliseconds(50);
            options.AddPolicy(_lostReply, HttpPipelinePosition.PerRetry);
            return new TableServiceClient(connectionString, options);
        }));
    }

    public async ValueTask InitializeAsync()
    {
        _admin = _app.AdminClient();
        await SampleData.LoadRegistryAsync(_admin);
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_new_plan_whose_header_reply_was_lost_is_imported_with_all_its_tasks()
    {
        _lostReply.Arm();

        var result = await SampleData.ImportPlanTextAsync(_admin, SampleData.PlanText);

        Assert.True(_lostReply.Fired);
        Assert.Equal("created", result.GetProperty("status").GetString());
        Assert.Equal(37, (await GetAsync($"/api/plans/{SampleData.PlanId}/tasks")).GetArrayLength());
        Assert.Equal(707, (await GetAsync($"/api/plans/{SampleData.PlanId}/assignments")).GetArrayLength());
    }

    [Fact]
    public async Task An_amended_plan_whose_header_reply_was_lost_is_updated_with_all_its_tasks()
    {
        await SampleData.ImportPlanTextAsync(_admin, SampleData.PlanText);
        var amended = SampleData.PlanText.Replace("\tTháng 01/2023", "\tTháng 02/2023", StringComparison.Ordinal);
        _lostReply.Arm();

        var result = await SampleData.ImportPlanTextAsync(_admin, amended);

        Assert.True(_lostReply.Fired);
        Assert.Equal("updated", result.GetProperty("status").GetString());
        Assert.Equal(37, (await GetAsync($"/api/plans/{SampleData.PlanId}/tasks")).GetArrayLength());
        Assert.Equal("unchanged", (await SampleData.ImportPlanTextAsync(_admin, amended)).GetProperty("status").GetString());
    }

    private async Task<JsonElement> GetAsync(string path)
    {
        using var response = await _admin.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        await SampleData.EnsureAsync(response, HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// Lets the next write of a plan header reach storage, then reports the reply as lost, as a dropped connection
    /// would; the SDK's own retry policy sends it again. Not a mock: storage really takes the first write.
    /// </summary>
    private sealed class LostHeaderReply(string plansTable) : HttpPipelinePolicy
    {
        private int _armed;

        public bool Fired { get; private set; }

        public void Arm() => Interlocked.Exchange(ref _armed, 1);

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            ProcessNext(message, pipeline);
            LoseReply(message);
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
            LoseReply(message);
        }

        private void LoseReply(HttpMessage message)
        {
            var isHeaderWrite = (message.Request.Method == RequestMethod.Post || message.Request.Method == RequestMethod.Put)
                && message.Request.Uri.Path.Contains("/" + plansTable, StringComparison.Ordinal);
            if (isHeaderWrite && message.Response.Status is >= 200 and < 300 && Interlocked.Exchange(ref _armed, 0) == 1)
            {
                Fired = true;
                throw new IOException("Simulated lost reply: the write reached storage.");
            }
        }
    }
}
