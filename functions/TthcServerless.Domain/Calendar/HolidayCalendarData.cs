using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;

namespace TthcServerless.Domain.Calendar;

/// <summary>
/// The holiday calendar as data: the shipped file <c>Calendar/vietnam-public-sector-calendar.json</c> and every
/// administrator's extension share this model and its JSON form, so the app can store extensions and show the
/// effective calendar. It describes the civil-servant schedule (state administrative bodies, Monday–Friday week).
/// </summary>
/// <param name="Version">The content version of this source, e.g. <c>2026.11.23</c>; bump it on every change.</param>
/// <param name="Years">The years this source states; a year is covered only when some source states it.</param>
/// <param name="Description">What the source is and whom it applies to.</param>
public sealed record HolidayCalendarData(
    [property: JsonPropertyOrder(0)] string Version,
    [property: JsonPropertyOrder(2)] IReadOnlyList<HolidayCalendarYear> Years,
    [property: JsonPropertyOrder(1)] string? Description = null)
{
    /// <summary>The earliest year any source may state.</summary>
    public const int MinimumYear = 2000;

    /// <summary>The latest year any source may state.</summary>
    public const int MaximumYear = 2100;

    /// <summary>The manifest name of the shipped data file embedded in the domain assembly.</summary>
    public const string ShippedResourceName = "TthcServerless.Domain.Calendar.vietnam-public-sector-calendar.json";

    private static readonly Lazy<HolidayCalendarData> ShippedCalendar = new(LoadShipped);

    private static readonly JsonSerializerOptions WriteOptions = new(HolidayCalendarJsonContext.Default.Options)
    {
        // Vietnamese names stay readable in stored extensions; HTML-sensitive characters are still escaped.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <summary>The calendar data shipped inside the domain assembly, read and validated once.</summary>
    /// <exception cref="CalendarDataException">The embedded file is missing or invalid (a build defect).</exception>
    public static HolidayCalendarData Shipped => ShippedCalendar.Value;

    /// <summary>Reads and validates calendar data from its JSON text.</summary>
    /// <exception cref="CalendarDataException">The text is not JSON of this shape, or the data breaks a rule.</exception>
    public static HolidayCalendarData FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Validated(Read(() => JsonSerializer.Deserialize(json, HolidayCalendarJsonContext.Default.HolidayCalendarData)));
    }

    /// <summary>Reads and validates calendar data from a UTF-8 JSON stream.</summary>
    /// <exception cref="CalendarDataException">The stream is not JSON of this shape, or the data breaks a rule.</exception>
    public static HolidayCalendarData FromJson(Stream utf8Json)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        return Validated(Read(() => JsonSerializer.Deserialize(utf8Json, HolidayCalendarJsonContext.Default.HolidayCalendarData)));
    }

    /// <summary>Writes the data as indented JSON in the same format <see cref="FromJson(string)"/> reads.</summary>
    public string ToJson() =>
        JsonSerializer.Serialize(this, (JsonTypeInfo<HolidayCalendarData>)WriteOptions.GetTypeInfo(typeof(HolidayCalendarData)));

    /// <summary>
    /// The rules this data breaks, each as one English sentence naming the year or date; empty when the data is valid.
    /// Rules: a version; years within <see cref="MinimumYear"/>–<see cref="MaximumYear"/>, each once; every entry dated
    /// inside its year, each date once; a name and a basis on every year and entry; a make-up working day on a Saturday
    /// or Sunday; a compensatory day on Monday–Friday; an absolute http(s) URL when one is given.
    /// </summary>
    public IReadOnlyList<string> FindProblems() => HolidayCalendarDataRules.FindProblems(this);

    private static HolidayCalendarData Read(Func<HolidayCalendarData?> deserialize)
    {
        try
        {
            return deserialize() ?? throw new CalendarDataException("The holiday calendar data is empty (JSON null).");
        }
        catch (JsonException exception)
        {
            throw new CalendarDataException($"The holiday calendar data is not in the expected JSON format: {exception.Message}", exception);
        }
    }

    private static HolidayCalendarData Validated(HolidayCalendarData data)
    {
        HolidayCalendarDataRules.ThrowIfInvalid(data, "The holiday calendar data");
        return data;
    }

    private static HolidayCalendarData LoadShipped()
    {
        using var stream = typeof(HolidayCalendarData).Assembly.GetManifestResourceStream(ShippedResourceName)
            ?? throw new CalendarDataException($"The shipped holiday calendar '{ShippedResourceName}' is not embedded in the domain assembly.");
        return FromJson(stream);
    }
}

/// <summary>One year of the calendar as a source states it.</summary>
/// <param name="Year">The Gregorian year.</param>
/// <param name="Status">Confirmed by a known decision, or provisional (derived by rule).</param>
/// <param name="Basis">The decisions or rules the year rests on.</param>
/// <param name="Entries">The dates that differ from an ordinary Monday–Friday week.</param>
/// <param name="Notes">Open questions about the year, if any.</param>
/// <param name="Mode">How this year combines with the same year in earlier sources.</param>
public sealed record HolidayCalendarYear(
    [property: JsonPropertyOrder(0)] int Year,
    [property: JsonPropertyOrder(1)] CalendarYearStatus Status,
    [property: JsonPropertyOrder(3)] string Basis,
    [property: JsonPropertyOrder(5)] IReadOnlyList<HolidayCalendarEntry> Entries,
    [property: JsonPropertyOrder(4)] string? Notes = null,
    [property: JsonPropertyOrder(2), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] CalendarYearMode Mode = CalendarYearMode.Merge);

/// <summary>A date that differs from an ordinary Monday–Friday week.</summary>
/// <param name="Date">The Vietnam calendar day.</param>
/// <param name="Kind">What the date is: holiday, day off, compensatory day or make-up working day.</param>
/// <param name="Name">The Vietnamese name, e.g. <c>Tết Nguyên đán (mùng 1)</c>.</param>
/// <param name="Basis">The legal basis: the article, decision or official letter, or the rule it was derived by.</param>
/// <param name="Url">Where the basis was found, when a public page is known.</param>
public sealed record HolidayCalendarEntry(
    DateOnly Date,
    CalendarDayKind Kind,
    string Name,
    string Basis,
    Uri? Url = null)
{
    /// <summary>Whether the date is a working day: only a make-up working day is.</summary>
    [JsonIgnore]
    public bool IsWorkingDay => Kind == CalendarDayKind.MakeUpWorkingDay;
}

[JsonSourceGenerationOptions(
    AllowDuplicateProperties = false,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(HolidayCalendarData))]
internal sealed partial class HolidayCalendarJsonContext : JsonSerializerContext;
