using Hangfire;
using Headshots.Web.Features.Photos;
using Headshots.Web.Features.Privacy;

namespace Headshots.Web.Hosting;

public static class PhotosExtensions
{
    public static void AddPhotos(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PhotoOptions>().BindConfiguration(PhotoOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<ConsentService>();
        builder.Services.AddScoped<PhotoIntake>();
        builder.Services.AddScoped<DeletionService>();
        builder.Services.AddScoped<RetentionJob>();
        builder.Services.AddHostedService<RecurringJobsRegistration>();
    }
}

/// <summary>Registers the recurring jobs once the schema exists. Idempotent, so every instance may do it.</summary>
internal sealed class RecurringJobsRegistration(DatabaseState database, IRecurringJobManager recurring) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await database.WaitUntilReadyAsync(stoppingToken);
        recurring.AddOrUpdate<RetentionJob>(RetentionJob.RecurringId, job => job.RunAsync(CancellationToken.None), Cron.Hourly());
    }
}
