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
        // The creation is under way once its request reaches the endpoint.
        using var connection = await silent.AcceptTcpClientAsync(TestContext.Current.CancellationToken);
        var request = await ReadRequestAsync(connection.GetStream());
        await impatient.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.False(second.IsCompleted, $"the second caller ended with the first one's cancellation: {second.Status}");
        // Storage answers the one creation both were waiting for: the second caller gets its table.
        Assert.Matches(@"^POST /\S*Tables\b", request);
        await connection.GetStream().WriteAsync("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), TestContext.Current.CancellationToken);
        var table = await second.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.EndsWith("Silent", table.Name, StringComparison.Ordinal);
    }

    /// <summary>One HTTP request's head and body, as text.</summary>
    private static async Task<string> ReadRequestAsync(NetworkStream stream)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (true)
        {
            var read = await stream.ReadAsync(buffer, TestContext.Current.CancellationToken);
            Assert.True(read > 0, "the connection closed before a whole request arrived");
            received.AddRange(buffer.AsSpan(0, read).ToArray());
            var text = System.Text.Encoding.UTF8.GetString([.. received]);
            var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headEnd < 0)
            {
                continue;
            }

            var length = ContentLength().Match(text[..headEnd]) is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
            if (received.Count >= System.Text.Encoding.UTF8.GetByteCount(text[..headEnd]) + 4 + length)
            {
                return text;
            }
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?im)^content-length:\s*(\d+)")]
    private static partial System.Text.RegularExpressions.Regex ContentLength();

    [System.Text.RegularExpressions.GeneratedRegex(@"TableEndpoint=http://[^/]+/")]
    private static partial System.Text.RegularExpressions.Regex TableEndpoint();
}
