using System.Collections.Concurrent;
using TthcServerless.Functions.Hosting;

namespace TthcServerless.Functions.Tests.Infrastructure;

/// <summary>What test-only functions received, in order, with a way to wait for it.</summary>
public sealed class InvocationLog : IDisposable
{
    private readonly ConcurrentQueue<object> _entries = new();
    private readonly SemaphoreSlim _signal = new(0);

    public IReadOnlyList<object> Entries => [.. _entries];

    public void Dispose() => _signal.Dispose();

    public IReadOnlyList<T> OfType<T>() => [.. _entries.OfType<T>()];

    public void Add(object entry)
    {
        _entries.Enqueue(entry);
        _signal.Release();
    }

    /// <summary>Waits until <paramref name="count"/> entries of type <typeparamref name="T"/> arrived.</summary>
    public async Task<IReadOnlyList<T>> WaitForAsync<T>(int count, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (OfType<T>().Count < count)
        {
            try
            {
                await _signal.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Expected {count} {typeof(T).Name} invocations within {timeout}, saw {OfType<T>().Count}.");
            }
        }

        return OfType<T>();
    }
}

public sealed class RecordingTimerFunction(InvocationLog log) : ITimerFunction
{
    public Task RunAsync(TimerInvocation invocation, CancellationToken cancellationToken)
    {
        invocation.Context.Log($"timer ran, past due: {invocation.IsPastDue}");
        log.Add(invocation);
        return Task.CompletedTask;
    }
}

public sealed class RecordingQueueFunction(InvocationLog log) : IQueueFunction
{
    public Task RunAsync(QueueInvocation invocation, CancellationToken cancellationToken)
    {
        log.Add(invocation);
        return Task.CompletedTask;
    }
}

/// <summary>Records the attempt, then fails it: the message must end in the poison queue.</summary>
public sealed class AlwaysFailingQueueFunction(InvocationLog log) : IQueueFunction
{
    public Task RunAsync(QueueInvocation invocation, CancellationToken cancellationToken)
    {
        log.Add(invocation);
        throw new InvalidOperationException("This function always fails.");
    }
}
