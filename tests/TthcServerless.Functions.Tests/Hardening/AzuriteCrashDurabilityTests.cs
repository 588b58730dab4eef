using Azure.Data.Tables;
using Azure.Storage.Queues;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Hardening;

/// <summary>
/// What the emulator itself keeps through a crash, at the SDK level and without the app: Azurite (3.35.0) saves its
/// metadata stores every 5 seconds (LokiJS autosave), so a SIGKILL loses queue messages and table rows it acknowledged
/// since its last save. A real storage account does not; the app's sweep of accepted updates covers the difference.
/// </summary>
public sealed class AzuriteCrashDurabilityTests
{
    [Fact]
    public async Task A_message_and_a_row_azurite_acknowledged_just_before_a_sigkill_are_gone_while_older_ones_survive()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = Directory.CreateTempSubdirectory("tthc-azurite-kill-");
        await using var azurite = await AzuriteProcess.StartPersistentAsync(data.FullName);
        var queue = new QueueClient(azurite.ConnectionString, "durability");
        var table = new TableClient(azurite.ConnectionString, "durability");
        await queue.CreateIfNotExistsAsync(cancellationToken: ct);
        await table.CreateIfNotExistsAsync(ct);
        await queue.SendMessageAsync("old", ct);
        await table.AddEntityAsync(new TableEntity("p", "old"), ct);
        await Task.Delay(TimeSpan.FromSeconds(6), ct); // one save interval (Azurite persists every 5 s) and more: these are on disk; nothing observable says so earlier

        // The kill follows the acknowledgements within milliseconds; a save falling in that gap would keep the new ones,
        // so the round is tried again (each try has a chance of a few in a thousand of that).
        var lost = false;
        for (var attempt = 0; attempt < 3 && !lost; attempt++)
        {
            var name = $"new{attempt}";
            await queue.SendMessageAsync(name, ct);
            await table.AddEntityAsync(new TableEntity("p", name), ct);
            await azurite.KillAsync();
            await azurite.StartAsync();

            var messages = (await queue.PeekMessagesAsync(32, ct)).Value.Select(m => m.Body.ToString()).ToList();
            var rows = await table.QueryAsync<TableEntity>(cancellationToken: ct).Select(e => e.RowKey).ToListAsync(ct);
            Assert.Contains("old", messages);
            Assert.Contains("old", rows);
            lost = !messages.Contains(name) && !rows.Contains(name);
            TestContext.Current.SendDiagnosticMessage($"attempt {attempt + 1}: after SIGKILL the queue holds [{string.Join(", ", messages)}], the table [{string.Join(", ", rows)}]");
        }

        Assert.True(lost, "Azurite kept what it acknowledged just before a SIGKILL in three tries: its persistence is no longer lazy, and docs/operations.md should say so");
    }
}
