using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using TthcServerless.Functions.Reminders;

namespace TthcServerless.Functions.Tests.Reminders;

/// <summary>The rules table from settings: a province overrides a cadence; a bad value is refused at start-up.</summary>
public sealed class ReminderOptionsTests
{
    [Fact]
    public void A_setting_overrides_one_value_of_a_cadence_and_keeps_the_others()
    {
        var options = Bind(new() { ["Tthc:Reminders:Rules:Assignment:FirstDayAfter"] = "2" });

        Assert.Equal((2, 5, 10), (options.Rules.Assignment.FirstDayAfter!.Value, options.Rules.Assignment.RepeatEvery!.Value, options.Rules.Assignment.EscalateFrom!.Value));
    }

    [Fact]
    public void Configured_before_days_replace_the_default_list()
    {
        // Plain configuration binding would append them to the default (5, 2, 7, 3).
        var options = Bind(new() { ["Tthc:Reminders:Rules:Assignment:DaysBefore:0"] = "7", ["Tthc:Reminders:Rules:Assignment:DaysBefore:1"] = "3" });

        Assert.Equal([7, 3], options.Rules.Assignment.DaysBefore);
    }

    [Fact]
    public void A_zero_day_repeat_is_refused()
    {
        var options = Bind(new() { ["Tthc:Reminders:Rules:FeedbackAnswer:RepeatEvery"] = "0" });

        var result = new ReminderOptionsValidation().Validate(null, options);

        Assert.Contains("Tthc:Reminders:Rules:FeedbackAnswer.RepeatEvery: must be 1–260 working days.", result.Failures!);
    }

    private static ReminderOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = new ReminderOptions();
        ReminderOptions.Bind(configuration, options);
        return options;
    }
}
