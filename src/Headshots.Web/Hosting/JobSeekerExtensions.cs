using Hangfire;
using Headshots.Web.Features.Generation;
using Headshots.Web.Features.Photos;
using Headshots.Web.Features.Privacy;

namespace Headshots.Web.Hosting;

public static class JobSeekerExtensions
{
    public static void AddJobSeekers(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PhotoOptions>().BindConfiguration(PhotoOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<ConsentService>();
        builder.Services.AddScoped<PhotoIntake>();
        builder.Services.AddScoped<PhotoEmbeddings>();
        builder.Services.AddScoped<DeletionService>();
        builder.Services.AddScoped<RetentionJob>();
        builder.Services.AddScoped<GenerationService>();
        builder.Services.AddScoped<GenerationJob>();
        builder.Services.AddHostedService<RecurringJobsRegistration>();
    }
}

/// <summary>Registers the recurring jobs once the schema exists. Idempotent, so every instance may do it.</summary>
internal sealed class RecurringJobsRegistration(
    DatabaseState database,
    IRecurringJobManager recurring,
    ILogger<RecurringJobsRegistration> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await database.WaitUntilReadyAsync(stoppingToken);
        while (true)
        {
            try
            {
                recurring.AddOrUpdate<RetentionJob>(RetentionJob.RecurringId, job => job.RunAsync(CancellationToken.None), Cron.Hourly());
                return;
            }
            catch (Exception e) when (DatabaseMigrator.IsUnreachable(e))
            {
                // PostgreSQL went away right after start-up; a failed registration must not stop the app.
                logger.LogWarning("Could not register recurring jobs yet: {Problem}", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
            }
        }
    }
}
