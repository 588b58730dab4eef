using System.Text.Json.Serialization;
using TthcServerless.Domain.Text;

namespace TthcServerless.Domain.Calendar;

/// <summary>How far a year of the calendar can be trusted.</summary>
[JsonConverter(typeof(WireNameEnumConverter<CalendarYearStatus>))]
public enum CalendarYearStatus
{
    /// <summary>The Government's / Prime Minister's decision on the civil-servant schedule for the year is known and recorded.</summary>
    [JsonStringEnumMemberName("confirmed")]
    Confirmed,

    /// <summary>Derived by rule (fixed dates, the usual Tết pattern, nghỉ bù); awaits an administrator's confirmation.</summary>
    [JsonStringEnumMemberName("provisional")]
    Provisional,
}
