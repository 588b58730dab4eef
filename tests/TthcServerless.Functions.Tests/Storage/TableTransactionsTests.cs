using Azure.Data.Tables;
using TthcServerless.Functions.Storage;

namespace TthcServerless.Functions.Tests.Storage;

/// <summary>One rule sizes every table transaction: 100 operations and an estimated byte budget under Azure's 4 MiB.</summary>
public sealed class TableTransactionsTests
{
    private const string Partition = "tien-giang|plan|I.1";

    private static TableEntity Row(int n) => new(Partition, $"{n:D4}") { ["Text"] = "mới" };

    [Fact]
    public void Small_rows_fill_a_transaction_of_a_hundred()
    {
        var chunks = TableTransactions.Chunks(Enumerable.Range(0, 250).Select(Row), e => e).ToList();

        Assert.Equal([100, 100, 50], chunks.Select(c => c.Count));
    }

    [Fact]
    public void Long_Vietnamese_rows_are_split_so_no_transaction_passes_the_byte_budget()
    {
        // Three 4,000-character texts: ~72 KB once the SDK escapes each character as \uXXXX; 100 of them would be 7 MB.
        var text = string.Concat(Enumerable.Repeat("Đã ban hành kế hoạch rà soát. ", 134))[..4000];
        var rows = Enumerable.Range(0, 100).Select(n => new TableEntity(Partition, $"{n:D4}") { ["Summary"] = text, ["Difficulties"] = text, ["Proposals"] = text }).ToList();

        var chunks = TableTransactions.Chunks(rows, e => e).ToList();

        Assert.Equal(100, chunks.Sum(c => c.Count));
        Assert.All(chunks, c => Assert.True(c.Sum(r => TableTransactions.EstimatedBytes(r.Item)) <= TableTransactions.MaxBytes));
        Assert.True(chunks.Count >= 3, $"{chunks.Count} chunks");
    }

    [Fact]
    public void Actions_are_chunked_by_the_same_rule_and_keep_their_order()
    {
        var text = new string('ạ', 8000);
        var actions = Enumerable.Range(0, 100)
            .Select(n => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(Partition, $"{n:D4}") { ["A"] = text, ["B"] = text, ["C"] = text, ["D"] = text }))
            .ToList();

        var chunks = TableTransactions.Chunks(actions).ToList();

        Assert.Equal(actions, chunks.SelectMany(c => c));
        Assert.All(chunks, c => Assert.True(c.Sum(a => TableTransactions.EstimatedBytes(a.Entity)) <= TableTransactions.MaxBytes));
        Assert.True(chunks.Count >= 2, $"{chunks.Count} chunks");
    }
}
