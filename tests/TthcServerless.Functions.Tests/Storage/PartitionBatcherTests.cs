using Azure.Core;
using Azure.Data.Tables;
using TthcServerless.Functions.Storage;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Storage;

/// <summary>Group commit: concurrent writers to one partition share transactions, and a redelivered write changes nothing.</summary>
public sealed class PartitionBatcherTests(AzuriteFixture azurite)
{
    private const string Partition = "tien-giang|plan|I.1";

    private async Task<(TableClient Table, StorageRequestCounter Requests)> NewTableAsync()
    {
        var requests = new StorageRequestCounter();
        var options = new TableClientOptions();
        options.AddPolicy(requests, HttpPipelinePosition.PerRetry);
        var table = new TableClient(azurite.ConnectionString, AzuriteFixture.NewPrefix() + "Batch", options);
        await table.CreateAsync(TestContext.Current.CancellationToken);
        return (table, requests);
    }

    private static TableEntity Row(int n, string text = "mới") => new(Partition, $"{n:D4}") { ["Text"] = text };

    private static async Task<Dictionary<string, string>> RowsAsync(TableClient table)
    {
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<TableEntity>(cancellationToken: TestContext.Current.CancellationToken))
        {
            rows[row.RowKey] = row.GetString("Text");
        }

        return rows;
    }

    [Fact]
    public async Task Insert_once_keeps_rows_that_exist_and_inserts_the_rest()
    {
        var (table, _) = await NewTableAsync();
        using var batcher = new PartitionBatcher(TimeSpan.Zero, TimeProvider.System);
        await batcher.WriteAsync(table, Partition, [Row(3, "đã có"), Row(7, "đã có"), Row(8, "đã có")], RowWrite.InsertOnce);

        await batcher.WriteAsync(table, Partition, [.. Enumerable.Range(0, 10).Select(n => Row(n))], RowWrite.InsertOnce);

        var rows = await RowsAsync(table);
        Assert.Equal(10, rows.Count);
        Assert.Equal(["0003", "0007", "0008"], rows.Where(r => r.Value == "đã có").Select(r => r.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_redelivered_write_of_a_hundred_rows_costs_a_few_requests_not_a_hundred()
    {
        var (table, requests) = await NewTableAsync();
        using var batcher = new PartitionBatcher(TimeSpan.Zero, TimeProvider.System);
        var rows = Enumerable.Range(0, 100).Select(n => Row(n)).ToList();
        await batcher.WriteAsync(table, Partition, rows, RowWrite.InsertOnce);
        var before = requests.Count;

        await batcher.WriteAsync(table, Partition, rows, RowWrite.InsertOnce);

        Assert.InRange(requests.Count - before, 1, 4);
        Assert.Equal(100, (await RowsAsync(table)).Count);
    }

    [Fact]
    public async Task Concurrent_writers_to_one_partition_share_transactions()
    {
        var (table, requests) = await NewTableAsync();
        using var batcher = new PartitionBatcher(TimeSpan.Zero, TimeProvider.System);
        var before = requests.Count;

        await Task.WhenAll(Enumerable.Range(0, 200).Select(n => batcher.WriteAsync(table, Partition, [Row(n)], RowWrite.Upsert)));

        Assert.InRange(requests.Count - before, 2, 20);
        Assert.Equal(200, (await RowsAsync(table)).Count);
    }

    [Fact]
    public async Task Upsert_keeps_the_last_of_two_writes_of_one_row()
    {
        var (table, _) = await NewTableAsync();
        using var batcher = new PartitionBatcher(TimeSpan.Zero, TimeProvider.System);

        await batcher.WriteAsync(table, Partition, [Row(1, "cũ"), Row(1, "mới nhất")], RowWrite.Upsert);

        Assert.Equal("mới nhất", (await RowsAsync(table))["0001"]);
    }

    [Fact]
    public async Task A_failed_transaction_fails_every_writer_in_it()
    {
        var (table, _) = await NewTableAsync();
        using var batcher = new PartitionBatcher(TimeSpan.Zero, TimeProvider.System);
        var tooLarge = new TableEntity(Partition, "big") { ["Text"] = new string('x', 40_000) };

        await Assert.ThrowsAnyAsync<Azure.RequestFailedException>(() => batcher.WriteAsync(table, Partition, [Row(1), tooLarge], RowWrite.Upsert));

        Assert.Empty(await RowsAsync(table));
    }

    [Fact]
    public async Task Long_rows_written_together_are_all_stored()
    {
        var (table, _) = await NewTableAsync();
        using var batcher = new PartitionBatcher(TimeSpan.Zero, TimeProvider.System);
        var text = new string('ệ', 4000);

        await batcher.WriteAsync(table, Partition, [.. Enumerable.Range(0, 120).Select(n => Row(n, text))], RowWrite.InsertOnce);

        Assert.Equal(120, (await RowsAsync(table)).Count);
    }
}
