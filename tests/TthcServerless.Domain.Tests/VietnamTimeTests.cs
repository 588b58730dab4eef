using Microsoft.Extensions.Time.Testing;

namespace TthcServerless.Domain.Tests;

public sealed class VietnamTimeTests
{
    [Fact]
    public void An_instant_after_17_00_UTC_is_already_the_next_day_in_Vietnam()
    {
        var instant = new DateTimeOffset(2026, 12, 31, 17, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateOnly(2027, 1, 1), VietnamTime.DateOf(instant));
    }

    [Fact]
    public void Today_follows_the_injected_clock_not_the_machine_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 16, 59, 59, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2026, 11, 23), VietnamTime.Today(clock));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new DateOnly(2026, 11, 24), VietnamTime.Today(clock));
    }

    [Fact]
    public void A_Vietnam_day_starts_at_17_00_UTC_of_the_day_before()
    {
        var start = VietnamTime.StartOf(new DateOnly(2026, 1, 1));

        Assert.Equal(new DateTimeOffset(2025, 12, 31, 17, 0, 0, TimeSpan.Zero), start.ToUniversalTime());
    }
}
