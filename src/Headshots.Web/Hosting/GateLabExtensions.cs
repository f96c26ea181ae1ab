using Headshots.Web.Features.Gate;

namespace Headshots.Web.Hosting;

public static class GateLabExtensions
{
    /// <summary>Versioned gate settings (read by uploads and generation jobs), the what-if preview and calibration runs.</summary>
    public static void AddGateLab(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CalibrationOptions>().BindConfiguration(CalibrationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<GateSettingsStore>();
        builder.Services.AddScoped<GatePreview>();
        builder.Services.AddScoped<CalibrationService>();
        builder.Services.AddScoped<CalibrationJob>();
    }
}
