using Headshots.Vision.Faces;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Headshots.Web.Features.Vision;

namespace Headshots.Web.Hosting;

public static class VisionExtensions
{
    public static void AddVision(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<VisionOptions>().BindConfiguration(VisionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<VisionModels>();
        // The initial source-photo limits (gate settings version 1); admins change them at /Admin/Gate.
        builder.Services.AddOptions<PhotoQualityOptions>().BindConfiguration("PhotoQuality");
        builder.Services.AddSingleton<FaceServices>();
        builder.Services.AddSingleton<EnhancementServices>();
        // Open (and check) every model while the app starts, not on the first job.
        builder.Services.AddHostedService(services => new VisionModelsWarmUp(services.GetRequiredService<VisionModels>()));
        builder.Services.AddHealthChecks().AddCheck<ModelsHealthCheck>("models", tags: [HealthExtensions.ReadyTag]);
    }
}

internal sealed class VisionModelsWarmUp(VisionModels models) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.Run(() => _ = models.Catalog, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed class ModelsHealthCheck(VisionModels models) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (models.Catalog is not { } catalog)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(models.Problem));
        }

        var report = catalog.Report;
        return Task.FromResult(report.IsHealthy
            ? HealthCheckResult.Healthy(report.Summary)
            : HealthCheckResult.Unhealthy(string.Join(" ", report.Models.Where(m => !m.IsOk).Select(m => m.Message))));
    }
}
