using System.Text.RegularExpressions;

namespace TthcServerless.Functions.Storage;

/// <summary>
/// Physical names of tables, queues and containers. An optional prefix (<c>Tthc:Storage:NamePrefix</c>) lets
/// test classes share one Azurite without seeing each other's data; it is refused under the Functions host,
/// whose function.json files name the unprefixed queues.
/// </summary>
internal sealed partial class StorageNames
{
    public StorageNames(string? prefix)
    {
        Prefix = prefix ?? string.Empty;
        if (Prefix.Length > 0 && !PrefixPattern().IsMatch(Prefix))
        {
            throw new ArgumentException("Tthc:Storage:NamePrefix must be 1–12 lowercase letters or digits, starting with a letter.", nameof(prefix));
        }
    }

    public string Prefix { get; }

    /// <summary>Table names are alphanumeric: the prefix is glued on.</summary>
    public string Table(string logicalName) => Prefix + logicalName;

    /// <summary>Queue names are lowercase with hyphens.</summary>
    public string Queue(string logicalName) => Prefix.Length == 0 ? logicalName : $"{Prefix}-{logicalName}";

    /// <summary>Blob container names follow the queue rules.</summary>
    public string Container(string logicalName) => Queue(logicalName);

    /// <summary>The queue the host moves failed messages to.</summary>
    private const string PoisonSuffix = "-poison";

    public static string PoisonQueueOf(string physicalQueueName) => physicalQueueName + PoisonSuffix;

    public static bool IsPoisonQueue(string physicalQueueName) => physicalQueueName.EndsWith(PoisonSuffix, StringComparison.Ordinal);

    [GeneratedRegex(@"^[a-z][a-z0-9]{0,11}\z")]
    private static partial Regex PrefixPattern();
}
