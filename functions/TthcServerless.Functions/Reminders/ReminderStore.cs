using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using TthcServerless.Domain.Reminders;
using TthcServerless.Functions.Http;
using TthcServerless.Functions.Storage;

namespace TthcServerless.Functions.Reminders;

/// <summary>A day's run as the ledger keeps it.</summary>
internal sealed record ReminderRunRecord(DateOnly Date, string State, DateTimeOffset ClaimedAt, DateTimeOffset? FinishedAt, int Digests, int Created, DateOnly? Since, ETag ETag);

/// <summary>One channel's delivery state of a digest.</summary>
internal sealed record ChannelState(string Channel, string State, int Attempts, string? LastError, DateTimeOffset? ChangedAt, DateTimeOffset? NextAttemptAt);

/// <summary>
/// A digest in the outbox: the message as sent, the lines it shows, and each channel's state. The full list of lines
/// (<see cref="LineCount"/> of them) is <see cref="ShownLines"/> when the message shows them all, else the blob
/// <see cref="LinesBlob"/> (<see cref="ReminderStore.GetLinesAsync"/> reads it).
/// </summary>
internal sealed record StoredDigest(
    string DigestId,
    DateOnly Date,
    string RecipientId,
    string? RecipientName,
    ReminderMessage Message,
    IReadOnlyList<ReminderLine> ShownLines,
    int LineCount,
    string? LinesBlob,
    DateTimeOffset CreatedAt,
    IReadOnlyList<ChannelState> Channels,
    ETag ETag);

/// <summary>The state names of a channel.</summary>
internal static class ChannelStates
{
    public const string Queued = "queued";
    public const string Sending = "sending";
    public const string Retrying = "retrying";
    public const string Sent = "sent";
    public const string Failed = "failed";
    public const string Disabled = "disabled";
    public const string Skipped = "skipped";

    public static bool IsFinal(string state) => state is Sent or Failed or Disabled or Skipped;
}

/// <summary>
/// The reminder tables. <c>ReminderRuns</c> (partition province, row yyyyMMdd) is the ledger that claims a day's run once;
/// <c>ReminderDigests</c> (partition <c>{province}|{yyyyMMdd}</c>, row recipient) is the outbox: each digest written
/// once, with a state per channel; <c>ReminderInbox</c> (partition <c>{province}|{recipient}</c>, row = 99999999 −
/// yyyyMMdd, so newest first) is the inbox channel. A row keeps the lines its message shows (JSON split over properties
/// of 30,000 characters: a table property holds 32K); a digest with more lines than its message shows (an office digest
/// at province scale has thousands) keeps the full list in the blob container <c>reminders</c>, named
/// <c>{digestId}/{hash of the content}.json</c> and written before the row that points at it, so a row never points at
/// a missing or different list and a retried run writes the same name again (or a new one nothing points at yet).
/// </summary>
internal sealed class ReminderStore(StorageResources storage, PartitionBatcher batcher, PageToken pageTokens, TimeProvider time)
{
    public const string LinesContainer = "reminders";
    private const string RunsTable = "ReminderRuns";
    private const string DigestsTable = "ReminderDigests";
    private const string InboxTable = "ReminderInbox";
    private const int BlobWriters = 16;

    // What the inbox listing reads of each row: everything but the lines, so one response holds a recipient's years.
    private static readonly string[] InboxSummaryColumns = ["PartitionKey", "RowKey", "DigestId", "Date", "Subject", "LineCount", "Read", "ReadAt", "DeliveredAt"];
    private const int ChunkLength = 30_000;
    private const int MaxChunks = 14;

    public static string Day(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static string InboxRow(DateOnly date) => (99_999_999 - int.Parse(Day(date), CultureInfo.InvariantCulture)).ToString("D8", CultureInfo.InvariantCulture);

    // ----- the run ledger -----

    /// <summary>Claims the day's run; null when it exists already (read it with <see cref="GetRunAsync"/>).</summary>
    public async Task<ReminderRunRecord?> TryClaimAsync(string province, DateOnly date, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(RunsTable, cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(province, Day(date)) { ["State"] = "running", ["ClaimedAt"] = time.GetUtcNow() };
        try
        {
            var response = await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            entity.ETag = response.Headers.ETag ?? default;
            return ToRun(entity);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return null;
        }
    }

    /// <summary>Takes over a stale claim; null when another run changed it first.</summary>
    public async Task<ReminderRunRecord?> TryTakeOverAsync(string province, ReminderRunRecord stale, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stale);
        var table = await storage.TableAsync(RunsTable, cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(province, Day(stale.Date)) { ["State"] = "running", ["ClaimedAt"] = time.GetUtcNow() };
        try
        {
            var response = await table.UpdateEntityAsync(entity, stale.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            entity.ETag = response.Headers.ETag ?? default;
            return ToRun(entity);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return null;
        }
    }

    public async Task FinishAsync(string province, ReminderRunRecord claim, DateOnly since, int digests, int created, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var table = await storage.TableAsync(RunsTable, cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(province, Day(claim.Date))
        {
            ["State"] = "done",
            ["ClaimedAt"] = claim.ClaimedAt,
            ["FinishedAt"] = time.GetUtcNow(),
            ["Digests"] = digests,
            ["Created"] = created,
            ["Since"] = since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        await table.UpdateEntityAsync(entity, claim.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ReminderRunRecord?> GetRunAsync(string province, DateOnly date, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(RunsTable, cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(province, Day(date), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? ToRun(response.Value!) : null;
    }

    /// <summary>The latest day before <paramref name="date"/> whose run is done (a catch-up window starts there).</summary>
    public async Task<DateOnly?> LastDoneBeforeAsync(string province, DateOnly date, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(RunsTable, cancellationToken).ConfigureAwait(false);
        var low = Day(date.AddDays(-60));
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {province} and RowKey ge {low} and RowKey lt {Day(date)} and State eq {"done"}");
        DateOnly? last = null;
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            last = DateOnly.ParseExact(entity.RowKey, "yyyyMMdd", CultureInfo.InvariantCulture);
        }

        return last;
    }

    // ----- the outbox -----

    /// <summary>The digests already in the outbox for a day, by recipient.</summary>
    public async Task<Dictionary<string, StoredDigest>> GetDigestsAsync(string province, DateOnly date, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(DigestsTable, cancellationToken).ConfigureAwait(false);
        var result = new Dictionary<string, StoredDigest>(StringComparer.Ordinal);
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {DigestPartition(province, date)}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            result[entity.RowKey] = ToDigest(entity);
        }

        return result;
    }

    public async Task<StoredDigest?> GetDigestAsync(string province, string digestId, CancellationToken cancellationToken)
    {
        if (ReminderDigest.ParseId(province, digestId) is not { } parsed)
        {
            return null;
        }

        var table = await storage.TableAsync(DigestsTable, cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(DigestPartition(province, parsed.Date), parsed.RecipientId, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return response.HasValue ? ToDigest(response.Value!) : null;
    }

    /// <summary>Writes digests once each (a digest already there is left as it was), in transactions per day.</summary>
    public async Task AddDigestsAsync(string province, IReadOnlyList<(ReminderDigest Digest, ReminderMessage Message, IReadOnlyList<string> Channels)> digests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digests);
        if (digests.Count == 0)
        {
            return;
        }

        // The full lists first: a row is only written once the list it points at is stored.
        var blobs = new string?[digests.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, digests.Count), new ParallelOptions { MaxDegreeOfParallelism = BlobWriters, CancellationToken = cancellationToken },
            async (i, ct) => blobs[i] = await WriteLinesAsync(digests[i].Digest, digests[i].Message, ct).ConfigureAwait(false)).ConfigureAwait(false);
        var table = await storage.TableAsync(DigestsTable, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var entities = digests.Select((d, i) => ToEntity(province, d.Digest, d.Message, d.Channels, blobs[i], now)).ToList();
        await batcher.WriteAsync(table, entities[0].PartitionKey, entities, RowWrite.InsertOnce).ConfigureAwait(false);
    }

    /// <summary>Every line of a digest: the shown ones when the message shows them all, else the stored list.</summary>
    public async Task<IReadOnlyList<ReminderLine>> GetLinesAsync(string? linesBlob, IReadOnlyList<ReminderLine> shownLines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shownLines);
        if (linesBlob is null)
        {
            return shownLines;
        }

        var container = await storage.ContainerAsync(LinesContainer, cancellationToken).ConfigureAwait(false);
        var content = await container.GetBlobClient(linesBlob).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
        return content.Value.Content.ToObjectFromJson<List<ReminderLine>>(ApiJson.Default) ?? [];
    }

    /// <summary>
    /// Stores the full list when the message does not show every line; its name carries a hash of the content, so
    /// writing it again (a retried run) finds the same blob (kept as it is), and a run that computed other lines (the
    /// data changed after a crash) writes another one. Null when the row's shown lines are the full list.
    /// </summary>
    private async Task<string?> WriteLinesAsync(ReminderDigest digest, ReminderMessage message, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(digest.Lines, ApiJson.Default);
        if (digest.Lines.Count <= message.LinesShown && json.Length < ChunkLength)
        {
            return null;
        }

        var name = $"{digest.Id}/{Convert.ToHexStringLower(SHA256.HashData(json).AsSpan(0, 8))}.json";
        var container = await storage.ContainerAsync(LinesContainer, cancellationToken).ConfigureAwait(false);
        try
        {
            await container.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(json), new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Written by an earlier attempt: the same name is the same content.
        }

        return name;
    }

    /// <summary>Changes one channel's state; only that channel's properties are written (channels update independently).</summary>
    public async Task SetChannelAsync(string province, StoredDigest digest, ChannelState state, CancellationToken cancellationToken, ETag? ifMatch = null)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(state);
        var table = await storage.TableAsync(DigestsTable, cancellationToken).ConfigureAwait(false);
        var prefix = ChannelProperty(state.Channel);
        var entity = new TableEntity(DigestPartition(province, digest.Date), digest.RecipientId)
        {
            [prefix + "State"] = state.State,
            [prefix + "Attempts"] = state.Attempts,
            [prefix + "Error"] = state.LastError,
            [prefix + "At"] = state.ChangedAt,
            [prefix + "Next"] = state.NextAttemptAt,
        };
        await table.UpdateEntityAsync(entity, ifMatch ?? ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    // ----- the inbox -----

    /// <summary>Puts a digest in its recipient's inbox once (a second delivery keeps the first, and its read mark).</summary>
    public async Task AddToInboxAsync(string province, StoredDigest digest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var table = await storage.TableAsync(InboxTable, cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(InboxPartition(province, digest.RecipientId), InboxRow(digest.Date))
        {
            ["DigestId"] = digest.DigestId,
            ["Date"] = digest.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Subject"] = digest.Message.Subject,
            ["LineCount"] = digest.LineCount,
            ["LinesBlob"] = digest.LinesBlob,
            ["Read"] = false,
            ["DeliveredAt"] = time.GetUtcNow(),
        };
        WriteChunks(entity, "Shown", JsonSerializer.Serialize(digest.ShownLines, ApiJson.Default));
        try
        {
            await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Delivered before: leave it (and whether it was read) as it is.
        }
    }

    /// <summary>
    /// A page of a recipient's inbox, newest first, and how many items are unread and there are in all — counted from
    /// the same read of the partition as the page, so the count never disagrees with the items shown. The rows read are
    /// small (the lines stay behind, <see cref="GetInboxItemAsync"/>), and a recipient gets at most one item per working
    /// day, so a decade of them comes back in one response; the page is taken from there.
    /// </summary>
    public async Task<(IReadOnlyList<InboxItem> Items, string? ContinuationToken, int Unread, int Total)> GetInboxAsync(
        string province, string recipient, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(InboxTable, cancellationToken).ConfigureAwait(false);
        var partition = InboxPartition(province, recipient);
        var scope = $"inbox-rows\n{partition}";
        var from = continuationToken is null ? null : pageTokens.Decode(scope, continuationToken);
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: InboxSummaryColumns, cancellationToken: cancellationToken)
            .ConfigureAwait(false))
        {
            rows.Add(row);
        }

        var start = from is null ? 0 : rows.FindIndex(r => string.CompareOrdinal(r.RowKey, from) >= 0) is var found and >= 0 ? found : rows.Count;
        var next = start + pageSize < rows.Count ? pageTokens.Encode(scope, rows[start + pageSize].RowKey) : null;
        return ([.. rows.Skip(start).Take(pageSize).Select(ToInboxItem)], next, rows.Count(r => r.GetBoolean("Read") != true), rows.Count);
    }

    /// <summary>One inbox item with every line of its digest; null when the recipient has no such item.</summary>
    public async Task<(InboxItem Item, IReadOnlyList<ReminderLine> Lines)?> GetInboxItemAsync(string province, string recipient, DateOnly date, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(InboxTable, cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(InboxPartition(province, recipient), InboxRow(date), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!response.HasValue)
        {
            return null;
        }

        var entity = response.Value!;
        return (ToInboxItem(entity), await GetLinesAsync(entity.GetString("LinesBlob"), ReadLines(entity, "Shown"), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Marks an inbox item read; null when the recipient has no such item.</summary>
    public async Task<InboxItem?> MarkReadAsync(string province, string recipient, DateOnly date, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(InboxTable, cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(InboxPartition(province, recipient), InboxRow(date), InboxSummaryColumns, cancellationToken)
            .ConfigureAwait(false);
        if (!response.HasValue)
        {
            return null;
        }

        var entity = response.Value!;
        if (entity.GetBoolean("Read") != true)
        {
            var readAt = time.GetUtcNow();
            var patch = new TableEntity(entity.PartitionKey, entity.RowKey) { ["Read"] = true, ["ReadAt"] = readAt };
            await table.UpdateEntityAsync(patch, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            entity["Read"] = true;
            entity["ReadAt"] = readAt;
        }

        return ToInboxItem(entity);
    }

    // ----- rows -----

    private static string DigestPartition(string province, DateOnly date) => $"{province}|{Day(date)}";

    private static string InboxPartition(string province, string recipient) => $"{province}|{recipient}";

    /// <summary>A channel's property prefix: <c>webhook:wh_ab12</c> becomes <c>Ch_webhook_wh_ab12_</c>.</summary>
    private static string ChannelProperty(string channel) => "Ch_" + string.Concat(channel.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')) + "_";

    private static TableEntity ToEntity(string province, ReminderDigest digest, ReminderMessage message, IReadOnlyList<string> channels, string? linesBlob, DateTimeOffset now)
    {
        var entity = new TableEntity(DigestPartition(province, digest.Date), digest.RecipientId)
        {
            ["DigestId"] = digest.Id,
            ["RecipientName"] = digest.RecipientName,
            ["Subject"] = message.Subject,
            ["LinesShown"] = message.LinesShown,
            ["LinesOmitted"] = message.LinesOmitted,
            ["LineCount"] = digest.Lines.Count,
            ["LinesBlob"] = linesBlob,
            ["CreatedAt"] = now,
            ["Channels"] = string.Join(' ', channels),
        };
        WriteChunks(entity, "Text", message.Text);
        WriteChunks(entity, "Html", message.Html);
        WriteChunks(entity, "Shown", JsonSerializer.Serialize(digest.Lines.Take(message.LinesShown), ApiJson.Default));
        foreach (var channel in channels)
        {
            entity[ChannelProperty(channel) + "State"] = ChannelStates.Queued;
            entity[ChannelProperty(channel) + "Attempts"] = 0;
        }

        return entity;
    }

    private static StoredDigest ToDigest(TableEntity entity)
    {
        var channels = (entity.GetString("Channels") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var date = DateOnly.ParseExact(entity.PartitionKey[(entity.PartitionKey.LastIndexOf('|') + 1)..], "yyyyMMdd", CultureInfo.InvariantCulture);
        return new StoredDigest(
            entity.GetString("DigestId"),
            date,
            entity.RowKey,
            entity.GetString("RecipientName"),
            new ReminderMessage(entity.GetString("Subject") ?? "", ReadChunks(entity, "Text"), ReadChunks(entity, "Html"),
                entity.GetInt32("LinesShown") ?? 0, entity.GetInt32("LinesOmitted") ?? 0),
            ReadLines(entity, "Shown"),
            entity.GetInt32("LineCount") ?? 0,
            entity.GetString("LinesBlob"),
            entity.GetDateTimeOffset("CreatedAt") ?? default,
            [.. channels.Select(c =>
            {
                var prefix = ChannelProperty(c);
                return new ChannelState(c, entity.GetString(prefix + "State") ?? ChannelStates.Queued, entity.GetInt32(prefix + "Attempts") ?? 0,
                    entity.GetString(prefix + "Error"), entity.GetDateTimeOffset(prefix + "At"), entity.GetDateTimeOffset(prefix + "Next"));
            })],
            entity.ETag);
    }

    private static InboxItem ToInboxItem(TableEntity entity) => new(
        entity.GetString("DigestId"),
        DateOnly.ParseExact(entity.GetString("Date"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
        entity.GetString("Subject") ?? "",
        entity.GetInt32("LineCount") ?? 0,
        entity.GetBoolean("Read") == true,
        entity.GetDateTimeOffset("ReadAt"),
        entity.GetDateTimeOffset("DeliveredAt"));

    private static List<ReminderLine> ReadLines(TableEntity entity, string name) =>
        JsonSerializer.Deserialize<List<ReminderLine>>(ReadChunks(entity, name) is { Length: > 0 } json ? json : "[]", ApiJson.Default) ?? [];

    /// <summary>
    /// Splits text over <c>{name}0…</c> properties. A message longer than the chunks allow keeps what fits, cut at a
    /// line for JSON arrays (the full list of lines is in its blob then).
    /// </summary>
    private static void WriteChunks(TableEntity entity, string name, string text)
    {
        if (text.Length > ChunkLength * MaxChunks)
        {
            text = text.StartsWith('[') ? TrimJsonArray(text, ChunkLength * MaxChunks) : text[..(ChunkLength * MaxChunks)];
        }

        for (int i = 0, offset = 0; offset < text.Length || i == 0; i++, offset += ChunkLength)
        {
            entity[name + i.ToString(CultureInfo.InvariantCulture)] = offset < text.Length ? text.Substring(offset, Math.Min(ChunkLength, text.Length - offset)) : "";
        }
    }

    private static string TrimJsonArray(string json, int max)
    {
        var cut = json.LastIndexOf("},{", max - 2, StringComparison.Ordinal);
        return cut < 0 ? "[]" : string.Concat(json.AsSpan(0, cut + 1), "]");
    }

    private static string ReadChunks(TableEntity entity, string name)
    {
        var builder = new StringBuilder();
        for (var i = 0; entity.GetString(name + i.ToString(CultureInfo.InvariantCulture)) is { } chunk; i++)
        {
            builder.Append(chunk);
        }

        return builder.ToString();
    }

    private static ReminderRunRecord ToRun(TableEntity entity) => new(
        DateOnly.ParseExact(entity.RowKey, "yyyyMMdd", CultureInfo.InvariantCulture),
        entity.GetString("State") ?? "running",
        entity.GetDateTimeOffset("ClaimedAt") ?? default,
        entity.GetDateTimeOffset("FinishedAt"),
        entity.GetInt32("Digests") ?? 0,
        entity.GetInt32("Created") ?? 0,
        entity.GetString("Since") is { } since ? DateOnly.ParseExact(since, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
        entity.ETag);
}

/// <summary>One digest in a recipient's inbox (its lines: <see cref="ReminderStore.GetInboxItemAsync"/>).</summary>
internal sealed record InboxItem(string ItemId, DateOnly Date, string Subject, int LineCount, bool Read, DateTimeOffset? ReadAt, DateTimeOffset? DeliveredAt);
