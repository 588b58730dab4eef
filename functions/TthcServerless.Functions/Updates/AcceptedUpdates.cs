using System.Collections.Concurrent;

namespace TthcServerless.Functions.Updates;

/// <summary>
/// The updates this instance answered 202 for and has not yet seen settled in storage: each with its queue message body,
/// so <see cref="AcceptedUpdateSweep"/> can send it again if its outcome never appears. A real storage account keeps what
/// it acknowledged; Azurite persists to disk every 5 seconds and a crash loses what it acknowledged since
/// (docs/operations.md, "When storage crashes"), so without this list an update answered 202 could stay
/// <c>queued</c> for good. Bounded: past <see cref="MaxEntries"/> new updates are not remembered (and a warning is logged).
/// </summary>
internal sealed partial class AcceptedUpdates(TimeProvider time, ILogger<AcceptedUpdates> logger)
{
    public const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>An accepted update: its message body, when it was (last) sent, and how often the sweep sent it again.</summary>
    public sealed record Entry(QueuedTaskUpdate Update, byte[] Json, DateTimeOffset SentAt, int Redrives);

    public int Count => _entries.Count;

    /// <summary>Remembers a sent update (again: its send time moves, its re-drive count stays).</summary>
    public void Sent(QueuedTaskUpdate update, byte[] json)
    {
        ArgumentNullException.ThrowIfNull(update);
        var now = time.GetUtcNow();
        if (_entries.Count >= MaxEntries && !_entries.ContainsKey(update.Update.UpdateId))
        {
            LogFull(logger, MaxEntries, update.Update.UpdateId);
            return;
        }

        _entries.AddOrUpdate(update.Update.UpdateId, _ => new Entry(update, json, now, 0), (_, old) => old with { SentAt = now });
    }

    /// <summary>Entries sent at or before <paramref name="before"/>, oldest first.</summary>
    public IReadOnlyList<Entry> SentBefore(DateTimeOffset before) =>
        [.. _entries.Values.Where(e => e.SentAt <= before).OrderBy(e => e.SentAt)];

    public void Redriving(Entry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _entries[entry.Update.Update.UpdateId] = entry with { SentAt = time.GetUtcNow(), Redrives = entry.Redrives + 1 };
    }

    public void Settled(string updateId) => _entries.TryRemove(updateId, out _);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Max} accepted updates are waiting to be confirmed; update {UpdateId} is not watched by the sweep.")]
    private static partial void LogFull(ILogger logger, int max, string updateId);
}
