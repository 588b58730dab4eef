using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Specialized;

namespace TthcServerless.Functions.Storage;

/// <summary>One service client per storage service, registered once, all counting their requests.</summary>
/// <summary>
/// How queue messages are encoded on the wire. Hosting registers it from host.json's <c>messageEncoding</c> (the trigger's
/// setting), so producers here encode as the trigger decodes.
/// </summary>
internal sealed record QueueMessageFormat(bool Base64);

internal static class StorageServiceCollectionExtensions
{
    /// <param name="services">The app's services.</param>
    /// <param name="configuration">Where the connection and the name prefix are read.</param>
    /// <param name="namePrefixAllowed">
    /// False under the Functions host, whose function.json names the unprefixed queues: a prefix there is refused at start.
    /// </param>
    public static IServiceCollection AddTthcStorage(this IServiceCollection services, IConfiguration configuration, bool namePrefixAllowed)
    {
        services.AddSingleton(_ => StorageConnection.FromConfiguration(configuration));
        services.AddSingleton(sp =>
        {
            var prefix = configuration["Tthc:Storage:NamePrefix"];
            if (!string.IsNullOrEmpty(prefix) && !namePrefixAllowed)
            {
                throw new InvalidOperationException("Tthc:Storage:NamePrefix is for local test runs only: under the Functions host, function.json names the unprefixed queues.");
            }

            return new StorageNames(prefix);
        });
        services.AddSingleton<StorageRequestCounter>();
        services.AddSingleton<MissingResourcePolicy>();

        services.AddSingleton(sp =>
        {
            var connection = RequireConfigured(sp);
            var options = WithCounter(new TableClientOptions(), sp);
            return connection.ConnectionString is { } cs
                ? new TableServiceClient(cs, options)
                : new TableServiceClient(connection.TableServiceUri!, connection.Credential!, options);
        });

        services.AddSingleton(sp =>
        {
            var connection = RequireConfigured(sp);
            var options = WithCounter(new BlobClientOptions(), sp);
            return connection.ConnectionString is { } cs
                ? new BlobServiceClient(cs, options)
                : new BlobServiceClient(connection.BlobServiceUri!, connection.Credential!, options);
        });

        services.AddSingleton(sp =>
        {
            var connection = RequireConfigured(sp);
            var format = sp.GetRequiredService<QueueMessageFormat>();
            var options = WithCounter(new QueueClientOptions(), sp);
            // Producers must encode as the trigger expects (host.json messageEncoding), or the host poisons every message.
            options.MessageEncoding = format.Base64 ? QueueMessageEncoding.Base64 : QueueMessageEncoding.None;
            options.MessageDecodingFailed += MoveUndecodableMessageToPoisonAsync;
            return connection.ConnectionString is { } cs
                ? new QueueServiceClient(cs, options)
                : new QueueServiceClient(connection.QueueServiceUri!, connection.Credential!, options);
        });

        return services;
    }

    /// <summary>
    /// A message that is not valid under the configured encoding can never be processed; the host moves it straight
    /// to the poison queue with its raw body, and so do we.
    /// </summary>
    private static async Task MoveUndecodableMessageToPoisonAsync(QueueMessageDecodingFailedEventArgs args)
    {
        if (args.ReceivedMessage is not { } message || StorageNames.IsPoisonQueue(args.Queue.Name))
        {
            return;
        }

        var poison = args.Queue.GetParentQueueServiceClient().GetQueueClient(StorageNames.PoisonQueueOf(args.Queue.Name));
        if (args.IsRunningSynchronously)
        {
            poison.CreateIfNotExists(cancellationToken: args.CancellationToken);
            poison.SendMessage(message.Body.ToString(), cancellationToken: args.CancellationToken);
            args.Queue.DeleteMessage(message.MessageId, message.PopReceipt, args.CancellationToken);
            return;
        }

        await poison.CreateIfNotExistsAsync(cancellationToken: args.CancellationToken).ConfigureAwait(false);
        await poison.SendMessageAsync(message.Body.ToString(), cancellationToken: args.CancellationToken).ConfigureAwait(false);
        await args.Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, args.CancellationToken).ConfigureAwait(false);
    }

    private static StorageConnection RequireConfigured(IServiceProvider sp)
    {
        var connection = sp.GetRequiredService<StorageConnection>();
        return connection.IsConfigured
            ? connection
            : throw new StorageNotConfiguredException($"Storage is {connection.Description}.");
    }

    private static T WithCounter<T>(T options, IServiceProvider sp)
        where T : ClientOptions
    {
        // A caller waits on these retries (an HTTP request that must reach the queue before answering 202): give up after
        // about 4 s of retrying (0.25 + 0.5 + 1 + 2 s) and let the caller answer 503 with Retry-After, instead of the
        // SDK default that can hold a request for a minute or more.
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.Delay = TimeSpan.FromMilliseconds(250);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        options.Retry.MaxRetries = 4;
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        options.AddPolicy(sp.GetRequiredService<StorageRequestCounter>(), HttpPipelinePosition.PerRetry);
        options.AddPolicy(sp.GetRequiredService<MissingResourcePolicy>(), HttpPipelinePosition.PerCall);
        return options;
    }
}
