using System.Collections.Concurrent;

namespace TthcServerless.Functions.Storage;

/// <summary>
/// Group commit: work for the same key (a table partition) from concurrent callers is committed together, one commit per
/// key at a time. Whatever arrives while a commit is in flight goes into the next one, up to a weight limit (the 100
/// entities of a table transaction). A key that was idle waits <c>linger</c> before its first commit, so work arriving
/// moments apart (queue messages processed one after another) still shares a transaction. For background work only:
/// the linger is added to every idle key's first commit.
/// A caller's task completes when its item is committed, or fails with the commit's error.
/// At most a few commits are in flight at once (8 by default): waiting commits grow instead of multiplying, which keeps
/// storage free for the accept path's queue sends (measured in docs/performance.md: with 32 in flight the accept p99
/// under a concurrent burst was 3–5 times worse, and ingestion no faster).
/// </summary>
internal sealed class GroupCommit<TKey, TItem> : IDisposable
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, KeyQueue> _queues = new();
    private readonly Func<TKey, IReadOnlyList<TItem>, Task> _commit;
    private readonly Func<TItem, int> _weight;
    private readonly int _maxWeight;
    private readonly TimeSpan _linger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _inFlight;

    public GroupCommit(Func<TKey, IReadOnlyList<TItem>, Task> commit, Func<TItem, int> weight, int maxWeight, TimeSpan linger, TimeProvider time, int maxCommitsInFlight = 8)
    {
        _commit = commit;
        _weight = weight;
        _maxWeight = maxWeight;
        _linger = linger;
        _time = time;
        _inFlight = new SemaphoreSlim(maxCommitsInFlight, maxCommitsInFlight);
    }

    /// <summary>Keys with work queued or committing (a drained key is forgotten: keys such as outcome partitions by time never recur).</summary>
    internal int KeysHeld => _queues.Count;

    public Task AddAsync(TKey key, TItem item)
    {
        var pending = (item, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        while (true)
        {
            var queue = _queues.GetOrAdd(key, _ => new KeyQueue());
            bool start;
            lock (queue)
            {
                if (queue.Retired)
                {
                    continue; // drained and forgotten just now: take the key's new queue
                }

                queue.Items.Enqueue(pending);
                start = !queue.Running;
                queue.Running = true;
            }

            if (start)
            {
                _ = Task.Run(() => DrainAsync(key, queue));
            }

            return pending.Item2.Task;
        }
    }

    public void Dispose() => _inFlight.Dispose();

    private async Task DrainAsync(TKey key, KeyQueue queue)
    {
        if (_linger > TimeSpan.Zero)
        {
            await Task.Delay(_linger, _time).ConfigureAwait(false);
        }

        while (true)
        {
            var batch = new List<(TItem Item, TaskCompletionSource Done)>();
            lock (queue)
            {
                var weight = 0;
                while (queue.Items.TryPeek(out var next) && (batch.Count == 0 || weight + _weight(next.Item) <= _maxWeight))
                {
                    weight += _weight(next.Item);
                    batch.Add(queue.Items.Dequeue());
                }

                if (batch.Count == 0)
                {
                    queue.Running = false;
                    queue.Retired = true;
                    _queues.TryRemove(new KeyValuePair<TKey, KeyQueue>(key, queue));
                    return;
                }
            }

            await _inFlight.WaitAsync().ConfigureAwait(false);
            try
            {
                await _commit(key, [.. batch.Select(b => b.Item)]).ConfigureAwait(false);
                foreach (var (_, done) in batch)
                {
                    done.TrySetResult();
                }
            }
#pragma warning disable CA1031 // The failure belongs to every caller in the commit; each rethrows it and is retried.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                foreach (var (_, done) in batch)
                {
                    done.TrySetException(ex);
                }
            }
            finally
            {
                _inFlight.Release();
            }
        }
    }

    private sealed class KeyQueue
    {
        public Queue<(TItem Item, TaskCompletionSource Done)> Items { get; } = new();

        public bool Running { get; set; }

        public bool Retired { get; set; }
    }
}
