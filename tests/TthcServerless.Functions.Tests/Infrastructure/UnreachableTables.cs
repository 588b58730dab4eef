using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace TthcServerless.Functions.Tests.Infrastructure;

/// <summary>Storage whose tables are down (a port nobody listens on: every request is refused) while blobs and queues work.</summary>
public static partial class UnreachableTables
{
    public static string ConnectionString(AzuriteFixture azurite)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        return TableEndpoint().Replace(azurite.ConnectionString, $"TableEndpoint=http://127.0.0.1:{port}/");
    }

    [GeneratedRegex("TableEndpoint=http://[^/]+/")]
    private static partial Regex TableEndpoint();
}
