using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TthcServerless.Bench;

/// <summary>The real app on a real loopback port with the local trigger runner on, logging only warnings.</summary>
internal sealed class BenchApp : WebApplicationFactory<Program>
{
    public const string AdminKey = "bench-admin-key-0123456789abcdef";
    private readonly Dictionary<string, string?> _settings;

    public BenchApp(string storageConnectionString, string prefix, bool runTriggers = true, IReadOnlyDictionary<string, string?>? settings = null)
    {
        // WebApplicationFactory finds a test project's app through files its build writes; a console app says it here.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_TTHCSERVERLESS_FUNCTIONS", TthcServerless.Functions.Tests.Infrastructure.RepositoryRoot.Combine("functions", "TthcServerless.Functions"));
        Prefix = prefix;
        _settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storageConnectionString,
            ["Tthc:Storage:NamePrefix"] = prefix,
            ["Tthc:AdminApiKey"] = AdminKey,
            ["Tthc:Province"] = "tien-giang",
            ["urls"] = "http://127.0.0.1:0",
            ["Tthc:LocalRunner:Enabled"] = runTriggers ? "true" : "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        UseKestrel();
    }

    public string Prefix { get; }

    /// <summary>The address Kestrel bound.</summary>
    public Uri Address
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }
}
