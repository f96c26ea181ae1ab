using Headshots.Web.Features.Sharing;

namespace Headshots.Web.Hosting;

public static class SharingExtensions
{
    public static void AddSharing(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ShareLinkOptions>().BindConfiguration(ShareLinkOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<ShareLinkService>();
        builder.Services.AddScoped<FileVerifier>();
        // Replaces the host's context factory (registered before this with TryAdd), so every request passes through it.
        builder.Services.AddSingleton<IHttpContextFactory>(services =>
            new ShareTokenRedactingContextFactory(new DefaultHttpContextFactory(services)));
    }
}
