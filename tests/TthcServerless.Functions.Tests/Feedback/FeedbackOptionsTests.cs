using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TthcServerless.Functions.Feedback;
using TthcServerless.Functions.Tests.Infrastructure;

namespace TthcServerless.Functions.Tests.Feedback;

/// <summary>The limits are configuration: a province sets its own, and a bad value stops the app at start-up.</summary>
public sealed class FeedbackOptionsTests(AzuriteFixture azurite)
{
    private static FeedbackOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = new FeedbackOptions();
        configuration.GetSection(FeedbackOptions.Section).Bind(options);
        return options;
    }

    [Fact]
    public void The_national_limits_apply_unless_a_province_sets_its_own()
    {
        var national = Bind([]);
        var ninhBinh = Bind(new() { ["Tthc:Feedback:Limits:AnswerDays"] = "10" });

        Assert.Equal((2, 5, 15, 2), (national.Limits.RefuseDays, national.Limits.RequestInformationDays, national.Limits.AnswerDays, national.Limits.PublishDays));
        Assert.Equal(10, ninhBinh.Limits.AnswerDays);
        Assert.Equal(2, ninhBinh.Limits.RefuseDays);
        Assert.Equal(15, Bind([]).Limits.AnswerDays); // binding one does not change the defaults of another
    }

    [Theory]
    [InlineData("Tthc:Feedback:Limits:AnswerDays", "0")]
    [InlineData("Tthc:Feedback:Limits:RefuseDays", "20")]
    [InlineData("Tthc:Feedback:RateLimit:SubmitPermitLimit", "0")]
    [InlineData("Tthc:Feedback:RateLimit:ClientAddress", "header")]
    public void A_bad_setting_is_reported_by_name(string key, string value)
    {
        var result = new FeedbackOptionsValidation().Validate(null, Bind(new() { [key] = value }));

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains(key.Split(':')[2], StringComparison.Ordinal));
    }

    [Fact]
    public void The_app_does_not_start_with_a_bad_limit()
    {
        using var app = new TestApp(azurite.ConnectionString).WithSetting("Tthc:Feedback:Limits:AnswerDays", "0");

        var failure = Assert.ThrowsAny<Exception>(() => app.Services.GetRequiredService<IOptions<FeedbackOptions>>());

        Assert.Contains("AnswerDays", failure.ToString(), StringComparison.Ordinal);
    }
}
