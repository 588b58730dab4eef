using Azure.Core;
using Azure.Identity;

namespace TthcServerless.Functions.Storage;

/// <summary>
/// How the app reaches its storage account, read the way the Functions host reads <c>AzureWebJobsStorage</c>:
/// a connection string (Azurite locally), or the identity-based form
/// (<c>AzureWebJobsStorage__accountName</c>, or <c>__blobServiceUri</c>/<c>__queueServiceUri</c>/<c>__tableServiceUri</c>,
/// with <c>__credential=managedidentity</c> and an optional <c>__clientId</c>).
/// </summary>
internal sealed class StorageConnection
{
    public const string DefaultName = "AzureWebJobsStorage";

    private StorageConnection(string? connectionString, Uri? blob, Uri? queue, Uri? table, TokenCredential? credential, string description)
    {
        ConnectionString = connectionString;
        BlobServiceUri = blob;
        QueueServiceUri = queue;
        TableServiceUri = table;
        Credential = credential;
        Description = description;
    }

    public string? ConnectionString { get; }
    public Uri? BlobServiceUri { get; }
    public Uri? QueueServiceUri { get; }
    public Uri? TableServiceUri { get; }
    public TokenCredential? Credential { get; }

    /// <summary>A secret-free description for logs and the health endpoint.</summary>
    public string Description { get; }

    public bool IsConfigured => ConnectionString is not null || (BlobServiceUri is not null && QueueServiceUri is not null && TableServiceUri is not null);

    public static StorageConnection FromConfiguration(IConfiguration configuration, string name = DefaultName)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        var connectionString = configuration[name];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            var isEmulator = connectionString.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase)
                || connectionString.Contains("devstoreaccount1", StringComparison.OrdinalIgnoreCase);
            return new StorageConnection(connectionString, null, null, null, null, isEmulator ? "connection string (Azurite)" : "connection string");
        }

        var section = configuration.GetSection(name);
        var accountName = section["accountName"];
        Uri? blob = ParseUri(section["blobServiceUri"] ?? section["serviceUri"]);
        Uri? queue = ParseUri(section["queueServiceUri"]);
        Uri? table = ParseUri(section["tableServiceUri"]);
        if (!string.IsNullOrWhiteSpace(accountName))
        {
            // The __accountName shorthand infers public-cloud endpoints, exactly as the host does.
            blob ??= new Uri($"https://{accountName}.blob.core.windows.net");
            queue ??= new Uri($"https://{accountName}.queue.core.windows.net");
            table ??= new Uri($"https://{accountName}.table.core.windows.net");
        }

        if (blob is null && queue is null && table is null)
        {
            return new StorageConnection(null, null, null, null, null, $"not configured (set {name} or {name}__accountName)");
        }

        var credential = CreateCredential(section["credential"], section["clientId"]);
        return new StorageConnection(null, blob, queue, table, credential, $"identity ({blob?.Host ?? "?"})");
    }

    private static TokenCredential CreateCredential(string? credentialKind, string? clientId)
    {
        if (string.Equals(credentialKind, "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            return string.IsNullOrWhiteSpace(clientId)
                ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
        }

        // Developer machines: az login, Visual Studio, environment credentials.
        return new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
    }

    private static Uri? ParseUri(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : new Uri(value, UriKind.Absolute);
}
