namespace TthcServerless.Functions.Hosting;

/// <summary>A timer function's handler. Thrown exceptions fail the invocation (non-2xx to the host).</summary>
public interface ITimerFunction
{
    Task RunAsync(TimerInvocation invocation, CancellationToken cancellationToken);
}

/// <summary>
/// A queue function's handler. Delivery is at least once: the handler must be idempotent. A thrown exception fails the
/// invocation; the host (or the local runner) retries and finally moves the message to <c>&lt;queue&gt;-poison</c>.
/// </summary>
public interface IQueueFunction
{
    Task RunAsync(QueueInvocation invocation, CancellationToken cancellationToken);
}

/// <summary>What every invocation carries: who is running, and lines for the host's per-invocation log.</summary>
public sealed class FunctionInvocationContext
{
    private readonly List<string> _logs = [];

    public FunctionInvocationContext(string functionName, string invocationId)
    {
        FunctionName = functionName;
        InvocationId = invocationId;
    }

    public string FunctionName { get; }

    public string InvocationId { get; }

    /// <summary>Lines returned in the response's <c>Logs</c>; the host writes them on the invocation's logger.</summary>
    public IReadOnlyList<string> Logs
    {
        get
        {
            lock (_logs)
            {
                return [.. _logs];
            }
        }
    }

    /// <summary>Adds a line to the invocation log. Never pass personal data or secrets.</summary>
    public void Log(string line)
    {
        lock (_logs)
        {
            _logs.Add(line);
        }
    }
}

/// <summary>A timer firing, as read from the host's payload (<c>Data.timer</c>).</summary>
public sealed record TimerInvocation(
    FunctionInvocationContext Context,
    bool IsPastDue,
    DateTimeOffset? LastRun,
    DateTimeOffset? NextRun);

/// <summary>A queue message, as read from the host's payload (<c>Data.message</c> and <c>Metadata</c>).</summary>
public sealed record QueueInvocation(
    FunctionInvocationContext Context,
    string Text,
    string? MessageId,
    long DequeueCount,
    DateTimeOffset? InsertionTime)
{
    /// <summary>Reads the message text as JSON; a message that is not valid JSON throws <see cref="System.Text.Json.JsonException"/>.</summary>
    public T ReadJson<T>(System.Text.Json.JsonSerializerOptions options) =>
        System.Text.Json.JsonSerializer.Deserialize<T>(Text, options)
        ?? throw new System.Text.Json.JsonException("The queue message is JSON null.");
}
