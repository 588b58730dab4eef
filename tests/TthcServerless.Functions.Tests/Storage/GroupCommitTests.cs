using System.Collections.Concurrent;
using TthcServerless.Functions.Storage;

namespace TthcServerless.Functions.Tests.Storage;

/// <summary>Group commit in memory: every item is committed once, and a drained key is forgotten.</summary>
public sealed class GroupCommitTests
{
    [Fact]
    public async Task A_drained_key_is_forgotten_so_keys_that_never_recur_do_not_pile_up()
    {
        using var commits = new GroupCommit<string, int>((_, _) => Task.CompletedTask, _ => 1, 100, TimeSpan.Zero, TimeProvider.System);

        // Outcome partitions are per tenth of a second: a long-lived process sees a new key every 100 ms.
        await Task.WhenAll(Enumerable.Range(0, 500).Select(i => commits.AddAsync($"tien-giang|2026112318000{i:D3}", i)));

        var patience = DateTime.UtcNow.AddSeconds(10);
        while (commits.KeysHeld > 0 && DateTime.UtcNow < patience)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.Equal(0, commits.KeysHeld);
    }

    [Fact]
    public async Task Items_added_while_a_key_is_being_forgotten_are_all_committed_once()
    {
        var committed = new ConcurrentBag<int>();
        using var commits = new GroupCommit<string, int>(
            (_, items) =>
            {
                foreach (var item in items)
                {
                    committed.Add(item);
                }

                return Task.CompletedTask;
            },
            _ => 1, 100, TimeSpan.Zero, TimeProvider.System);

        // Waves on one key with pauses between them, so the key drains and is forgotten again and again while adds race it.
        for (var wave = 0; wave < 50; wave++)
        {
            await Task.WhenAll(Enumerable.Range(wave * 20, 20).Select(i => Task.Run(() => commits.AddAsync("one-partition", i))));
            await Task.Yield();
        }

        Assert.Equal(Enumerable.Range(0, 1000), committed.Order());
    }
}
