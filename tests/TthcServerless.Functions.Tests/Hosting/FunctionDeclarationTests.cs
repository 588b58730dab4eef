using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TthcServerless.Functions.Hosting;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Hosting;

/// <summary>
/// AppFunctions is the one source of truth: the committed function.json folders are exactly what it generates, they
/// and host.json satisfy the official SchemaStore schemas, and every declared function has a handler and vice versa.
/// </summary>
public sealed class FunctionDeclarationTests(AzuriteFixture azurite)
{
    private static readonly string MetadataFolder = RepositoryRoot.Combine("functions", "TthcServerless.Functions", "FunctionMetadata");
    private static readonly string HostJsonPath = RepositoryRoot.Combine("functions", "TthcServerless.Functions", "host.json");

    [Fact]
    public void Every_declared_function_has_a_committed_function_json_equal_to_its_generated_form()
    {
        foreach (var function in AppFunctions.All)
        {
            var path = Path.Combine(MetadataFolder, function.Name, FunctionMetadataWriter.FileName);
            Assert.True(File.Exists(path), $"{function.Name} has no function.json; run write-function-metadata (see FunctionMetadataWriter).");
            Assert.Equal(FunctionMetadataWriter.ToJson(function), File.ReadAllText(path).ReplaceLineEndings("\n"));
        }
    }

    [Fact]
    public void Every_committed_function_folder_is_declared()
    {
        var declared = AppFunctions.All.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var folders = Directory.EnumerateDirectories(MetadataFolder).Select(Path.GetFileName).ToList();

        Assert.All(folders, folder => Assert.Contains(folder!, declared));
    }

    [Fact]
    public async Task Every_function_json_satisfies_the_official_schema()
    {
        var schema = await OfficialSchema.LoadAsync("function.schema.json");
        foreach (var file in Directory.EnumerateFiles(MetadataFolder, FunctionMetadataWriter.FileName, SearchOption.AllDirectories))
        {
            var errors = schema.Validate(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken));
            Assert.True(errors.Count == 0, $"{file}: {Describe(errors)}");
        }
    }

    [Fact]
    public async Task Host_json_satisfies_the_official_schema()
    {
        var schema = await OfficialSchema.LoadAsync("host.schema.json");

        var errors = schema.Validate(await File.ReadAllTextAsync(HostJsonPath, TestContext.Current.CancellationToken));

        Assert.True(errors.Count == 0, Describe(errors));
    }

    [Fact]
    public async Task The_sample_local_settings_satisfy_the_official_schema_and_point_at_azurite()
    {
        var schema = await OfficialSchema.LoadAsync("local.settings.schema.json");
        var text = await File.ReadAllTextAsync(RepositoryRoot.Combine("local.settings.sample.json"), TestContext.Current.CancellationToken);

        Assert.True(schema.Validate(text).Count == 0, Describe(schema.Validate(text)));
        using var settings = JsonDocument.Parse(text);
        var values = settings.RootElement.GetProperty("Values");
        Assert.Equal("custom", values.GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString());
        Assert.Equal("UseDevelopmentStorage=true", values.GetProperty("AzureWebJobsStorage").GetString());
    }

    [Fact]
    public void Host_json_launches_the_apphost_that_publish_produces_and_proxies_http()
    {
        using var hostJson = JsonDocument.Parse(File.ReadAllText(HostJsonPath));
        var customHandler = hostJson.RootElement.GetProperty("customHandler");

        Assert.Equal(typeof(Program).Assembly.GetName().Name, customHandler.GetProperty("description").GetProperty("defaultExecutablePath").GetString());
        Assert.True(customHandler.GetProperty("enableProxyingHttpRequest").GetBoolean());
        Assert.Equal("api", hostJson.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.Equal(5, hostJson.RootElement.GetProperty("extensions").GetProperty("queues").GetProperty("maxDequeueCount").GetInt32());
    }

    [Fact]
    public void The_api_function_is_the_only_http_function_and_catches_every_route()
    {
        var http = Assert.Single(AppFunctions.All.OfType<HttpApiFunctionDefinition>());

        Assert.Equal("{*route}", http.Route);
    }

    [Fact]
    public async Task Every_declared_timer_and_queue_function_resolves_its_handler()
    {
        await using var app = new TestApp(azurite.ConnectionString);
        await using var scope = app.Services.CreateAsyncScope();

        foreach (var function in AppFunctions.All.OfType<InvokedFunctionDefinition>())
        {
            object handler = function switch
            {
                TimerFunctionDefinition => scope.ServiceProvider.GetRequiredKeyedService<ITimerFunction>(function.Name),
                QueueFunctionDefinition => scope.ServiceProvider.GetRequiredKeyedService<IQueueFunction>(function.Name),
                _ => throw new InvalidOperationException(function.GetType().Name),
            };
            Assert.IsType(function.HandlerType, handler);
        }
    }

    [Fact]
    public void Every_handler_in_the_app_is_declared()
    {
        var declared = AppFunctions.All.OfType<InvokedFunctionDefinition>().Select(f => f.HandlerType).ToHashSet();
        var handlers = typeof(Program).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false }
                && (typeof(ITimerFunction).IsAssignableFrom(t) || typeof(IQueueFunction).IsAssignableFrom(t)));

        Assert.All(handlers, handler => Assert.Contains(handler, declared));
    }

    [Fact]
    public void Function_names_are_unique_ignoring_case_as_the_host_requires()
    {
        Assert.Throws<InvalidOperationException>(() => new FunctionCatalog(
        [
            QueueFunctionDefinition.For<RecordingQueueFunction>("Ingest", "a-queue"),
            QueueFunctionDefinition.For<RecordingQueueFunction>("INGEST", "b-queue"),
        ]));
    }

    [Fact]
    public void A_timer_with_an_invalid_schedule_is_refused_at_declaration()
    {
        Assert.ThrowsAny<Exception>(() => TimerFunctionDefinition.For<RecordingTimerFunction>("Broken", "every monday"));
    }

    [Fact]
    public void A_queue_function_with_an_invalid_queue_name_is_refused_at_declaration()
    {
        Assert.Throws<ArgumentException>(() => QueueFunctionDefinition.For<RecordingQueueFunction>("Bad", "Task_Updates"));
    }

    [Fact]
    public void Generated_timer_and_queue_function_json_have_the_host_binding_shapes()
    {
        var timer = TimerFunctionDefinition.For<RecordingTimerFunction>("Nightly", "0 0 1 * * *") with { Retry = new TimerRetry(3, TimeSpan.FromMinutes(1)) };
        var queue = QueueFunctionDefinition.For<RecordingQueueFunction>("Ingest", "task-updates");

        using var timerJson = JsonDocument.Parse(FunctionMetadataWriter.ToJson(timer));
        using var queueJson = JsonDocument.Parse(FunctionMetadataWriter.ToJson(queue));

        var timerBinding = Assert.Single(timerJson.RootElement.GetProperty("bindings").EnumerateArray());
        Assert.Equal("timerTrigger", timerBinding.GetProperty("type").GetString());
        Assert.Equal("0 0 1 * * *", timerBinding.GetProperty("schedule").GetString());
        Assert.Equal("00:01:00", timerJson.RootElement.GetProperty("retry").GetProperty("delayInterval").GetString());
        var queueBinding = Assert.Single(queueJson.RootElement.GetProperty("bindings").EnumerateArray());
        Assert.Equal("queueTrigger", queueBinding.GetProperty("type").GetString());
        Assert.Equal("task-updates", queueBinding.GetProperty("queueName").GetString());
        Assert.Equal("AzureWebJobsStorage", queueBinding.GetProperty("connection").GetString());
    }

    /// <summary>Flattens NJsonSchema's nested oneOf/anyOf errors so a failure names the offending property.</summary>
    private static string Describe(IEnumerable<NJsonSchema.Validation.ValidationError> errors) =>
        string.Join("; ", errors.SelectMany(Flatten));

    private static IEnumerable<string> Flatten(NJsonSchema.Validation.ValidationError error)
    {
        yield return $"{error.Path} {error.Kind}";
        if (error is NJsonSchema.Validation.ChildSchemaValidationError child)
        {
            foreach (var nested in child.Errors.SelectMany(pair => pair.Value).SelectMany(Flatten))
            {
                yield return "  " + nested;
            }
        }
    }
}
