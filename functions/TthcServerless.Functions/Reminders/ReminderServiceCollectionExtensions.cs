using Microsoft.Extensions.Options;

namespace TthcServerless.Functions.Reminders;

internal static class ReminderServiceCollectionExtensions
{
    public static IServiceCollection AddReminders(this IServiceCollection services)
    {
        services.AddOptions<ReminderOptions>().Configure<IConfiguration>((options, configuration) => ReminderOptions.Bind(configuration, options)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReminderOptions>, ReminderOptionsValidation>();
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section);
        services.AddSingleton<ReminderStore>();
        services.AddSingleton<ReminderRun>();
        services.AddSingleton<IReminderChannel, InboxChannel>();
        services.AddSingleton<IReminderChannel, EmailChannel>();
        return services;
    }
}
