using System.Text.Json.Serialization;
using TthcServerless.Domain.Text;

namespace TthcServerless.Domain.Calendar;

/// <summary>How a year in a later source (an administrator's extension) combines with the same year in earlier sources.</summary>
[JsonConverter(typeof(WireNameEnumConverter<CalendarYearMode>))]
public enum CalendarYearMode
{
    /// <summary>
    /// The default: the year's entries are added to the earlier ones, an entry for a date already present replaces it,
    /// and the year's status and basis become this source's.
    /// </summary>
    [JsonStringEnumMemberName("merge")]
    Merge,

    /// <summary>
    /// The year's entries replace every earlier entry of that year: the source states the whole year, e.g. the
    /// published decision that confirms a provisional year.
    /// </summary>
    [JsonStringEnumMemberName("replace")]
    Replace,
}
