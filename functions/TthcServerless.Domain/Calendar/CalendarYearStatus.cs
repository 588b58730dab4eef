using System.Text.Json.Serialization;

namespace TthcServerless.Domain.Calendar;

/// <summary>How far a year of the calendar can be trusted.</summary>
[JsonConverter(typeof(StrictJsonStringEnumConverter<CalendarYearStatus>))]
public enum CalendarYearStatus
{
    /// <summary>The Government's / Prime Minister's decision on the civil-servant schedule for the year is known and recorded.</summary>
    [JsonStringEnumMemberName("confirmed")]
    Confirmed,

    /// <summary>Derived by rule (fixed dates, the usual Tết pattern, nghỉ bù); awaits an administrator's confirmation.</summary>
    [JsonStringEnumMemberName("provisional")]
    Provisional,
}
