using System.Text.Json.Serialization;
using TthcServerless.Domain.Text;

namespace TthcServerless.Domain.Calendar;

/// <summary>What a calendar entry makes of its date in the civil-servant schedule.</summary>
[JsonConverter(typeof(WireNameEnumConverter<CalendarDayKind>))]
public enum CalendarDayKind
{
    /// <summary>
    /// A public holiday of the Labour Code 2019, Art 112(1) (<c>holiday</c>). It is a non-working day; when it falls on
    /// a weekend the Art 111(3) compensatory day is a separate <see cref="Compensatory"/> entry.
    /// </summary>
    [JsonStringEnumMemberName("holiday")]
    Holiday,

    /// <summary>
    /// An additional day off for civil servants by a decision (<c>day-off</c>): the weekday given off in a swap, or a
    /// day off created by another instrument (e.g. Ngày Văn hóa Việt Nam, Resolution 28/2026/QH16).
    /// </summary>
    [JsonStringEnumMemberName("day-off")]
    DayOff,

    /// <summary>
    /// A compensatory day off, nghỉ bù (<c>compensatory</c>): the next working day after a public holiday that fell on a
    /// weekly rest day (Labour Code 2019, Art 111(3)). Always Monday–Friday.
    /// </summary>
    [JsonStringEnumMemberName("compensatory")]
    Compensatory,

    /// <summary>
    /// A make-up working day, làm bù (<c>make-up-working-day</c>): a Saturday or Sunday that becomes a working day
    /// because of a swap.
    /// </summary>
    [JsonStringEnumMemberName("make-up-working-day")]
    MakeUpWorkingDay,
}
