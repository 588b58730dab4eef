namespace TthcServerless.Domain;

/// <summary>
/// Business dates are Vietnam calendar days. Vietnam keeps UTC+7 all year (no daylight saving), named by the
/// IANA zone <c>Asia/Ho_Chi_Minh</c>; storage keeps UTC and converts at the edges.
/// </summary>
public static class VietnamTime
{
    public const string ZoneId = "Asia/Ho_Chi_Minh";

    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    /// <summary>The Vietnam calendar day of an instant.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    /// <summary>"Today" in Vietnam for a clock.</summary>
    public static DateOnly Today(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return DateOf(clock.GetUtcNow());
    }

    /// <summary>The instant a Vietnam calendar day starts (00:00 ICT).</summary>
    public static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), Offset);
}
