using Headshots.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Headshots.Web.Tests.Infrastructure;

/// <summary>The real app (Program) on a real PostgreSQL database, served in memory.</summary>
public sealed class HeadshotsFactory(
    string connectionString,
    IReadOnlyDictionary<string, string?>? settings = null,
    Action<IServiceCollection>? configureServices = null)
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:ConnectionString", connectionString);
        builder.UseSetting("Database:RetryDelay", "00:00:01");
        // The in-memory server has no client address, so every test request shares one rate-limit partition.
        builder.UseSetting("RateLimits:AccountPermitsPerMinute", "100000");
        builder.UseSetting("RateLimits:GeneralPermitsPerMinute", "1000000");
        builder.UseSetting("RateLimits:UploadPermitsPerMinute", "100000");
        builder.UseSetting("RateLimits:ShareLinkPermitsPerMinute", "100000");
        builder.UseSetting("Jobs:QueuePollInterval", "00:00:00.500");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        if (configureServices is not null)
        {
            builder.ConfigureServices(configureServices);
        }
    }

    /// <summary>Starts the host and waits until migrations, the Hangfire schema and the roles are in place.</summary>
    public async Task StartAndWaitUntilReadyAsync()
    {
        StartServer();
        await Services.GetRequiredService<DatabaseState>().WaitUntilReadyAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
    }
}
