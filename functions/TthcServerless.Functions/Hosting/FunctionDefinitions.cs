using System.Text.RegularExpressions;

namespace TthcServerless.Functions.Hosting;

/// <summary>
/// A function as the Functions host knows it: a folder named <see cref="Name"/> holding a function.json.
/// The definitions in <see cref="AppFunctions"/> are the one source of truth: the function.json files are generated
/// from them, the local trigger runner reads them, and the invocation endpoint resolves handlers by them.
/// </summary>
public abstract partial record FunctionDefinition
{
    protected FunctionDefinition(string name)
    {
        if (!NamePattern().IsMatch(name))
        {
            throw new ArgumentException($"Function name '{name}' must start with a letter and contain only letters, digits, '_' or '-'.", nameof(name));
        }

        Name = name;
    }

    /// <summary>Folder name of the function.json, and the path (<c>/{Name}</c>) the host POSTs invocations to.</summary>
    public string Name { get; }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_-]{0,127}\z")]
    private static partial Regex NamePattern();
}

/// <summary>The catch-all HTTP function whose requests the host proxies to ASP.NET Core routing under <c>/api</c>.</summary>
public sealed record HttpApiFunctionDefinition(string FunctionName, string Route) : FunctionDefinition(FunctionName);

/// <summary>A function the host calls through the JSON invocation contract, with a handler of type <see cref="HandlerType"/>.</summary>
public abstract record InvokedFunctionDefinition : FunctionDefinition
{
    protected InvokedFunctionDefinition(string name, Type handlerType, Type handlerInterface)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(handlerType);
        if (!handlerInterface.IsAssignableFrom(handlerType) || handlerType.IsAbstract)
        {
            throw new ArgumentException($"{handlerType.Name} must be a concrete {handlerInterface.Name}.", nameof(handlerType));
        }

        HandlerType = handlerType;
    }

    public Type HandlerType { get; }

    /// <summary>Name of the trigger binding: the key of the trigger value in the payload's <c>Data</c>.</summary>
    public abstract string BindingName { get; }
}

/// <summary>
/// A timer function. <see cref="Schedule"/> is a six-field NCRONTAB expression in UTC (Flex Consumption has no
/// time zone setting): 08:00 Vietnam time is <c>0 0 1 * * *</c>.
/// </summary>
public sealed record TimerFunctionDefinition : InvokedFunctionDefinition
{
    public TimerFunctionDefinition(string name, string schedule, Type handlerType)
        : base(name, handlerType, typeof(ITimerFunction))
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(schedule);
        // Parse now so a bad schedule fails at start-up and in tests, not at the first tick.
        _ = NCrontab.CrontabSchedule.Parse(schedule, new NCrontab.CrontabSchedule.ParseOptions { IncludingSeconds = true });
        Schedule = schedule;
    }

    public string Schedule { get; }

    public bool RunOnStartup { get; init; }

    public bool UseMonitor { get; init; } = true;

    /// <summary>Retries of a failed run (the host's fixed-delay retry policy); null for none.</summary>
    public TimerRetry? Retry { get; init; }

    public override string BindingName => "timer";

    public static TimerFunctionDefinition For<THandler>(string name, string schedule)
        where THandler : ITimerFunction => new(name, schedule, typeof(THandler));
}

/// <summary>A fixed-delay retry policy for a timer function.</summary>
public sealed record TimerRetry(int MaxRetryCount, TimeSpan DelayInterval);

/// <summary>A queue function triggered by messages on the Storage queue <see cref="QueueName"/>.</summary>
public sealed partial record QueueFunctionDefinition : InvokedFunctionDefinition
{
    public QueueFunctionDefinition(string name, string queueName, Type handlerType)
        : base(name, handlerType, typeof(IQueueFunction))
    {
        if (!QueueNamePattern().IsMatch(queueName) || queueName.Contains("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Queue name '{queueName}' must be 3–63 lowercase letters, digits or single hyphens.", nameof(queueName));
        }

        QueueName = queueName;
    }

    public string QueueName { get; }

    public override string BindingName => "message";

    public static QueueFunctionDefinition For<THandler>(string name, string queueName)
        where THandler : IQueueFunction => new(name, queueName, typeof(THandler));

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]\z")]
    private static partial Regex QueueNamePattern();
}
