using Microsoft.Extensions.Options;

namespace TthcServerless.Functions.Feedback;

internal static class FeedbackServiceCollectionExtensions
{
    /// <summary>The feedback feature: its settings (validated at start-up), store, views, command handlers and public rate limits.</summary>
    public static IServiceCollection AddFeedback(this IServiceCollection services)
    {
        services.AddOptions<FeedbackOptions>().BindConfiguration(FeedbackOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FeedbackOptions>, FeedbackOptionsValidation>();
        services.AddSingleton<FeedbackStore>();
        services.AddSingleton<FeedbackViews>();
        services.AddSingleton<SubmitFeedback>();
        services.AddSingleton<MoveFeedbackCase>();
        services.AddFeedbackRateLimits();
        return services;
    }
}
