using TthcServerless.Functions.Reminders;

namespace TthcServerless.Functions.Webhooks;

internal static class WebhookServiceCollectionExtensions
{
    /// <summary>Webhooks as a reminder channel: the run finds them through <see cref="IReminderSubscriptions"/>.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section);
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookChannel>();
        services.AddSingleton<IReminderChannel>(s => s.GetRequiredService<WebhookChannel>());
        services.AddSingleton<IReminderSubscriptions>(s => s.GetRequiredService<WebhookChannel>());
        return services;
    }
}
