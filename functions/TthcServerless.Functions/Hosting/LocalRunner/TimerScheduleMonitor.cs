using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using TthcServerless.Functions.Storage;

namespace TthcServerless.Functions.Hosting.LocalRunner;

/// <summary>When a timer last ran and when it is next due, as the host's <c>useMonitor</c> keeps it.</summary>
internal sealed record TimerScheduleStatus(DateTimeOffset Last, DateTimeOffset Next, DateTimeOffset LastUpdated);

/// <summary>
/// Persists timer schedule status in a blob, like the host's <c>useMonitor</c>, so an occurrence missed while the app
/// was stopped fires once at start-up with <c>IsPastDue = true</c> (a monthly report is never silently skipped).
/// </summary>
internal sealed partial class TimerScheduleMonitor(BlobServiceClient blobs, StorageNames names, ILogger<TimerScheduleMonitor> logger)
{
    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(names.Container("azure-webjobs-hosts"));

    public async Task<TimerScheduleStatus?> ReadAsync(string functionName, CancellationToken cancellationToken)
    {
        try
        {
            var content = await Blob(functionName).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return content.Value.Content.ToObjectFromJson<TimerScheduleStatus>();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
        catch (Exception ex) when (ex is JsonException || StorageFailures.IsStorageFailure(ex))
        {
            LogUnavailable(logger, functionName, ex.Message);
            return null;
        }
    }

    public async Task WriteAsync(string functionName, TimerScheduleStatus status, CancellationToken cancellationToken)
    {
        try
        {
            await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await Blob(functionName).UploadAsync(BinaryData.FromObjectAsJson(status), overwrite: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (StorageFailures.IsStorageFailure(ex))
        {
            LogUnavailable(logger, functionName, ex.Message);
        }
    }

    private BlobClient Blob(string functionName) => _container.GetBlobClient($"timers/local/{functionName}/status");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Local runner: schedule status of {FunctionName} is not available: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string functionName, string reason);
}
