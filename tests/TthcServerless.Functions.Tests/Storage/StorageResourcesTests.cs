using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using TthcServerless.Functions.Storage;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Storage;

/// <summary>Tables, containers and queues are created once per process and shared by everyone who asks meanwhile.</summary>
public sealed partial class StorageResourcesTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_caller_that_gives_up_does_not_fail_the_others_waiting_for_the_same_table()
    {
        // A table endpoint that accepts connections and never answers: creating the table hangs until someone gives up.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var connectionString = TableEndpoint().Replace(azurite.ConnectionString, $"TableEndpoint=http://127.0.0.1:{port}/");
        await using var app = new TestApp(connectionString);
        var resources = app.Services.GetRequiredService<StorageResources>();
        using var impatient = new CancellationTokenSource();
        using var patient = new CancellationTokenSource();

        var first = resources.TableAsync("Silent", impatient.Token);
        var second = resources.TableAsync("Silent", patient.Token);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        await impatient.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.False(second.IsCompleted, $"the second caller ended with the first one's cancellation: {second.Status}");
        await patient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"TableEndpoint=http://[^/]+/")]
    private static partial System.Text.RegularExpressions.Regex TableEndpoint();
}
