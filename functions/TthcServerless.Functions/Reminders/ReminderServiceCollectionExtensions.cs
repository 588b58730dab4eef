using Microsoft.Extensions.Options;
using TthcServerless.Functions.Webhooks;

namespace TthcServerless.Functions.Reminders;

internal static class ReminderServiceCollectionExtensions
{
    public static IServiceCollection AddReminders(this IServiceCollection services)
    {
        services.AddOptions<ReminderOptions>().Configure<IConfiguration>((options, configuration) => ReminderOptions.Bind(configuration, options)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReminderOptions>, ReminderOptionsValidation>();
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section);
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section);
        services.AddSingleton<ReminderStore>();
        services.AddSingleton<ReminderRun>();
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<IReminderChannel, InboxChannel>();
        services.AddSingleton<IReminderChannel, WebhookChannel>();
        services.AddSingleton<IReminderChannel, EmailChannel>();
        return services;
    }
}
