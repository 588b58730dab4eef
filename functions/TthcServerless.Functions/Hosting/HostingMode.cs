using System.Globalization;

namespace TthcServerless.Functions.Hosting;

/// <summary>How the process was started.</summary>
public enum HostingMode
{
    /// <summary>No Functions host: the app serves <c>/api</c> itself and the local trigger runner fires timers and queues.</summary>
    Standalone,

    /// <summary>Started by the Functions host, which proxies HTTP and POSTs timer and queue invocations.</summary>
    CustomHandler,
}

/// <summary>The mode and, under the host, the loopback port it assigned.</summary>
public sealed record HostingProfile(HostingMode Mode, int? CustomHandlerPort)
{
    public const string PortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    /// <summary>The wire name used in the health answer and logs.</summary>
    public string ModeName => Mode == HostingMode.CustomHandler ? "custom-handler" : "standalone";

    public static HostingProfile Detect(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var port = configuration[PortVariable];
        if (string.IsNullOrWhiteSpace(port))
        {
            return new HostingProfile(HostingMode.Standalone, null);
        }

        return int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is > 0 and <= 65535
            ? new HostingProfile(HostingMode.CustomHandler, number)
            : throw new InvalidOperationException($"{PortVariable} must be a TCP port number, was '{port}'.");
    }
}
