using Azure.Core;
using Azure.Core.Pipeline;

namespace TthcServerless.Functions.Storage;

/// <summary>
/// Watches storage answers for "the table / queue / container does not exist" and tells whoever remembered creating it
/// to forget, so the app heals itself after a resource is deleted instead of failing until it restarts.
/// </summary>
internal sealed class MissingResourcePolicy : HttpPipelineSynchronousPolicy
{
    private static readonly HashSet<string> MissingCodes = new(StringComparer.Ordinal) { "TableNotFound", "QueueNotFound", "ContainerNotFound" };
    private readonly List<Action<string>> _listeners = [];

    /// <summary>Called with the physical name of a resource storage says is missing.</summary>
    public void OnMissing(Action<string> listener)
    {
        lock (_listeners)
        {
            _listeners.Add(listener);
        }
    }

    public static bool IsMissingResource(string? errorCode) => errorCode is not null && MissingCodes.Contains(errorCode);

    public override void OnReceivedResponse(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Response.Status != 404 || !message.Response.Headers.TryGetValue("x-ms-error-code", out var code) || !IsMissingResource(code))
        {
            return;
        }

        // Path style (Azurite: /account/name/...) or host style (/name/...): the resource is the segment after the account.
        var segments = message.Request.Uri.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var isEmulator = message.Request.Uri.Host is "127.0.0.1" or "localhost";
        var index = isEmulator ? 1 : 0;
        if (segments.Length <= index)
        {
            return;
        }

        var name = segments[index];
        var parenthesis = name.IndexOf('(', StringComparison.Ordinal);
        name = parenthesis >= 0 ? name[..parenthesis] : name;
        Action<string>[] listeners;
        lock (_listeners)
        {
            listeners = [.. _listeners];
        }

        foreach (var listener in listeners)
        {
            listener(name);
        }
    }
}
