namespace TthcServerless.Functions.Hosting;

/// <summary>
/// The Storage Queues extension settings from <c>host.json</c> (<c>extensions.queues</c>). The same numbers drive
/// the real host and the local trigger runner; an app setting <c>AzureFunctionsJobHost__extensions__queues__…</c>
/// overrides them in both, as the host documents.
/// </summary>
public sealed class QueueHostOptions
{
    public const string SectionName = "AzureFunctionsJobHost:extensions:queues";

    /// <summary>Messages fetched per receive (1–32).</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>A new batch is fetched when in-flight messages drop to this number.</summary>
    public int NewBatchThreshold { get; set; } = 8;

    /// <summary>Failed attempts before a message moves to <c>&lt;queue&gt;-poison</c>.</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>Back-off before a failed message becomes visible again.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.Zero;

    /// <summary>Longest wait between polls of an empty queue.</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary><c>base64</c> (the host's default) or <c>none</c>.</summary>
    public string MessageEncoding { get; set; } = "base64";

    public bool UsesBase64 => string.Equals(MessageEncoding, "base64", StringComparison.OrdinalIgnoreCase);

    public void Validate()
    {
        if (BatchSize is < 1 or > 32)
        {
            throw new InvalidOperationException($"host.json extensions.queues.batchSize must be 1–32, was {BatchSize}.");
        }

        if (NewBatchThreshold < 0 || MaxDequeueCount < 1)
        {
            throw new InvalidOperationException("host.json extensions.queues: newBatchThreshold must be ≥ 0 and maxDequeueCount ≥ 1.");
        }

        if (MaxPollingInterval < TimeSpan.FromMilliseconds(100) || VisibilityTimeout < TimeSpan.Zero)
        {
            throw new InvalidOperationException("host.json extensions.queues: maxPollingInterval must be ≥ 100 ms and visibilityTimeout ≥ 0.");
        }

        if (!UsesBase64 && !string.Equals(MessageEncoding, "none", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"host.json extensions.queues.messageEncoding must be 'base64' or 'none', was '{MessageEncoding}'.");
        }
    }
}
