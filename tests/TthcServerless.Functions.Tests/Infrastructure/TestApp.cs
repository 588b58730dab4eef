using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TthcServerless.Functions.Hosting;

namespace TthcServerless.Functions.Tests.Infrastructure;

/// <summary>
/// The real app, in process, against the shared Azurite with a storage name prefix of its own. By default it runs on
/// the in-memory test server with the local trigger runner off; <see cref="WithKestrel"/> gives it a real loopback
/// port so the runner can call its invocation endpoint over HTTP as the Functions host does.
/// </summary>
public sealed class TestApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly List<FunctionDefinition> _functions = [];
    private readonly List<Action<IServiceCollection>> _services = [];

    public const string AdminKey = "test-admin-key-0123456789abcdef";
    public const string Province = "tien-giang";

    public TestApp(string storageConnectionString, string? prefix = null)
    {
        Prefix = prefix ?? AzuriteFixture.NewPrefix();
        _settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storageConnectionString,
            ["Tthc:Storage:NamePrefix"] = Prefix,
            ["Tthc:LocalRunner:Enabled"] = "false",
            ["Tthc:AdminApiKey"] = AdminKey,
            ["Tthc:Province"] = Province,
        };
    }

    public string Prefix { get; }

    /// <summary>A client that sends <paramref name="apiKey"/> (none when null).</summary>
    public HttpClient ClientWithKey(string? apiKey)
    {
        var client = CreateClient();
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }

    public HttpClient AdminClient() => ClientWithKey(AdminKey);

    public InvocationLog Invocations { get; } = new();

    public TestApp WithSetting(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    public TestApp WithFunction(FunctionDefinition function)
    {
        _functions.Add(function);
        return this;
    }

    public TestApp WithServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    /// <summary>Serve on a real loopback port and run the local trigger runner.</summary>
    public TestApp WithKestrel()
    {
        _settings["Tthc:LocalRunner:Enabled"] = "true";
        // A free port through the app's own `urls` setting, not UseKestrel(0): for a minimal-hosting app, UseKestrel(port)
        // rewrites the server addresses while the app is already starting Kestrel on its own thread, and loses that race
        // now and then ("IServerAddressesFeature.Addresses cannot be modified after the server has started",
        // dotnet/aspnetcore#67714).
        _settings[WebHostDefaults.ServerUrlsKey] = "http://127.0.0.1:0";
        UseKestrel();
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(Invocations);
            services.AddFunctions(_functions);
            foreach (var configure in _services)
            {
                configure(services);
            }
        });
    }
}
