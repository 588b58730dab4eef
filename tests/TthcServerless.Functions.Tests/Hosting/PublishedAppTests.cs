using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Hosting;

/// <summary>
/// The app as Azure runs it: built by scripts/package.sh (self-contained linux-x64) and started the way host.json says,
/// with <c>FUNCTIONS_CUSTOMHANDLER_PORT</c> set.
/// </summary>
public sealed class PublishedAppTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_published_app_listens_on_the_custom_handler_port_on_loopback_within_the_hosts_window()
    {
        var package = await DeploymentPackage.GetAsync();
        var decoyPort = PublishedApp.FreeTcpPort();

        await using var app = await PublishedApp.StartAsync(package.AppFolder, new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            // Inherited from the host's environment; must not decide where the handler listens.
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{decoyPort}",
            ["ASPNETCORE_HTTP_PORTS"] = decoyPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.True(app.TimeToReady < TimeSpan.FromSeconds(30), $"ready after {app.TimeToReady}");
        using var decoy = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => decoy.ConnectAsync(IPAddress.Loopback, decoyPort, TestContext.Current.CancellationToken).AsTask());
    }

    [Fact]
    public async Task The_published_app_serves_the_api_and_reports_custom_handler_mode()
    {
        var package = await DeploymentPackage.GetAsync();
        await using var app = await PublishedApp.StartAsync(package.AppFolder, new Dictionary<string, string> { ["AzureWebJobsStorage"] = azurite.ConnectionString });

        using var response = await app.Client.GetAsync(new Uri("/api/health", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("custom-handler", body.RootElement.GetProperty("mode").GetString());
    }

    [Fact]
    public async Task The_published_app_answers_invocations_at_function_paths_with_json()
    {
        var package = await DeploymentPackage.GetAsync();
        await using var app = await PublishedApp.StartAsync(package.AppFolder, new Dictionary<string, string> { ["AzureWebJobsStorage"] = azurite.ConnectionString });
        using var content = new StringContent("""{"Data":{},"Metadata":{}}""", Encoding.UTF8, "application/json");

        using var response = await app.Client.PostAsync(new Uri("/NoSuchFunction", UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
