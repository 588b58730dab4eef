using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using TthcServerless.Domain.Calendar;
using TthcServerless.Functions.Storage;

namespace TthcServerless.Functions.WorkingDays;

/// <summary>Another writer changed the calendar extensions between our read and our write.</summary>
internal sealed class CalendarChangedException() : Exception("The calendar extensions changed concurrently.");

/// <summary>The province's working-day calendar: the shipped data plus the administrators' extensions, in order.</summary>
internal sealed record ProvinceCalendar(WorkingDayCalendar Calendar, IReadOnlyList<HolidayCalendarData> Extensions, ETag? ETag);

/// <summary>
/// Administrators' calendar extensions (docs/working-days.md) as one JSON array of calendar documents in blob storage,
/// <c>calendar/{province}/extensions.json</c>, merged over the shipped data in the order they were added. One blob gives
/// an atomic replace and ETag concurrency; every change is validated whole (each extension alone and the merged
/// calendar) before it is stored. Reads are cached for a few seconds and revalidated with If-None-Match, so a deadline
/// computed on any instance uses an extension within seconds of its saving.
/// </summary>
internal sealed class CalendarStore(StorageResources storage, TimeProvider time, IConfiguration configuration)
{
    public const string Container = "calendar";
    private static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, Snapshot> _cache = new(StringComparer.Ordinal);

    /// <summary>How "N ngày làm việc kể từ …" is counted (<c>Tthc:Calendar:Counting</c>; default: from the next working day).</summary>
    public WorkingDayCounting Counting { get; } = configuration.GetValue("Tthc:Calendar:Counting", WorkingDayCounting.StartAfterEventDay);

    private sealed record Snapshot(ProvinceCalendar Calendar, DateTimeOffset CheckedAt);

    public async Task<ProvinceCalendar> GetAsync(string province, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        _cache.TryGetValue(province, out var cached);
        if (cached is not null && now - cached.CheckedAt < FreshFor)
        {
            return cached.Calendar;
        }

        var blob = await BlobAsync(province, cancellationToken).ConfigureAwait(false);
        try
        {
            var conditions = cached?.Calendar.ETag is { } known ? new BlobRequestConditions { IfNoneMatch = known } : null;
            var download = await blob.DownloadContentAsync(new BlobDownloadOptions { Conditions = conditions }, cancellationToken).ConfigureAwait(false);
            if (download.GetRawResponse().Status == 304 && cached is not null)
            {
                _cache[province] = cached with { CheckedAt = now };
                return cached.Calendar;
            }

            var extensions = Parse(download.Value.Content.ToString());
            var calendar = new ProvinceCalendar(WorkingDayCalendar.FromShippedData(extensions, Counting), extensions, download.Value.Details.ETag);
            _cache[province] = new Snapshot(calendar, now);
            return calendar;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            var shipped = new ProvinceCalendar(WorkingDayCalendar.FromShippedData(null, Counting), [], null);
            _cache[province] = new Snapshot(shipped, now);
            return shipped;
        }
    }

    /// <summary>
    /// Replaces the extensions if nobody saved since <paramref name="expected"/> was read (else
    /// <see cref="CalendarChangedException"/>). Throws <see cref="CalendarDataException"/> when the merged calendar is
    /// not valid; nothing is stored then.
    /// </summary>
    public async Task<ProvinceCalendar> SaveAsync(string province, IReadOnlyList<HolidayCalendarData> extensions, ETag? expected, CancellationToken cancellationToken)
    {
        var calendar = WorkingDayCalendar.FromShippedData(extensions, Counting);
        var blob = await BlobAsync(province, cancellationToken).ConfigureAwait(false);
        var conditions = expected is { } etag ? new BlobRequestConditions { IfMatch = etag } : new BlobRequestConditions { IfNoneMatch = ETag.All };
        try
        {
            var result = await blob.UploadAsync(BinaryData.FromString(Serialize(extensions)), new BlobUploadOptions
            {
                Conditions = conditions,
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" },
            }, cancellationToken).ConfigureAwait(false);
            var saved = new ProvinceCalendar(calendar, extensions, result.Value.ETag);
            _cache[province] = new Snapshot(saved, time.GetUtcNow());
            return saved;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            _cache.TryRemove(province, out _);
            throw new CalendarChangedException();
        }
    }

    /// <summary>The stored form: a JSON array of calendar documents, each exactly as <see cref="HolidayCalendarData.ToJson"/> writes it.</summary>
    public static string Serialize(IReadOnlyList<HolidayCalendarData> extensions)
    {
        ArgumentNullException.ThrowIfNull(extensions);
        return "[\n" + string.Join(",\n", extensions.Select(e => e.ToJson())) + "\n]\n";
    }

    /// <summary>Reads a JSON array of calendar documents; each is validated (<see cref="CalendarDataException"/> names its position).</summary>
    public static List<HolidayCalendarData> Parse(string json)
    {
        using var document = ParseDocument(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new CalendarDataException("Calendar extensions must be a JSON array of calendar documents.");
        }

        var extensions = new List<HolidayCalendarData>();
        var index = 0;
        foreach (var element in document.RootElement.EnumerateArray())
        {
            try
            {
                extensions.Add(HolidayCalendarData.FromJson(element.GetRawText()));
            }
            catch (CalendarDataException ex)
            {
                throw new CalendarDataException($"Calendar extension #{index + 1}: {ex.Message}", [.. ex.Problems.Select(p => $"#{index + 1}: {p}")]);
            }

            index++;
        }

        return extensions;
    }

    private static JsonDocument ParseDocument(string json)
    {
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16, AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            throw new CalendarDataException($"The calendar extensions are not valid JSON: {ex.Message}", ex);
        }
    }

    private async Task<BlobClient> BlobAsync(string province, CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(Container, cancellationToken).ConfigureAwait(false);
        return container.GetBlobClient($"{province}/extensions.json");
    }
}
