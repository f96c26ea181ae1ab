using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Headshots.Web.Features.Accounts;
using Microsoft.Extensions.Options;

namespace Headshots.Web.Hosting;

public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Run Hangfire workers in this process. Turn off for web-only instances; turn <c>Web:Enabled</c> off for worker-only ones.</summary>
    public bool RunServer { get; set; } = true;

    /// <summary>
    /// Workers on the <c>inference</c> queue. One: a model run already uses every core of a 2-core machine, and Hangfire's
    /// default (20 workers) would thrash it.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 64)]
    public int InferenceWorkers { get; set; } = 1;

    /// <summary>Workers on the <c>default</c> queue for light work (clean-up, e-mails).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 64)]
    public int DefaultWorkers { get; set; } = 2;

    /// <summary>
    /// With the sliding invisibility timeout a live worker keeps extending its claim, so a killed worker's job is
    /// picked up again after this long instead of Hangfire.PostgreSql's 30-minute default.
    /// </summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(2);
}

public static class JobQueues
{
    /// <summary>Model inference: one worker, so jobs never compete for the cores.</summary>
    public const string Inference = "inference";

    public const string Default = "default";
}

public static class JobsExtensions
{
    public static void AddJobs(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<JobsOptions>()
            .BindConfiguration(JobsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Storage and activator are this host's own singletons rather than Hangfire's process-wide JobStorage.Current
        // and JobActivator.Current, so every client, worker and dashboard of this host uses this host's database and
        // services (matters wherever a process runs more than one host, as the tests do).
        builder.Services.AddSingleton<JobStorage>(services =>
        {
            var jobs = services.GetRequiredService<IOptions<JobsOptions>>().Value;
            var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var options = new PostgreSqlStorageOptions
            {
                SchemaName = DatabaseMigrator.HangfireSchema,
                // The migrator installs the schema once PostgreSQL is reachable; the storage itself never touches the
                // database at construction, so the app starts while PostgreSQL is down.
                PrepareSchemaIfNecessary = false,
                UseSlidingInvisibilityTimeout = true,
                InvisibilityTimeout = jobs.InvisibilityTimeout,
                QueuePollInterval = jobs.QueuePollInterval,
            };
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(database.ConnectionString!, options), options);
        });

        builder.Services.AddSingleton<JobActivator>(services => new AspNetCoreJobActivator(services.GetRequiredService<IServiceScopeFactory>()));

        builder.Services.AddHangfire((services, configuration) =>
        {
            configuration
                .UseLogProvider(new HostLogProvider(services.GetRequiredService<ILoggerFactory>()))
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
                .UseStorage(services.GetRequiredService<JobStorage>());

            // Hangfire retries every failed job 10 times over hours by default. Jobs here declare their own
            // [AutomaticRetry]; anything that does not is never retried (bad input must not be retried).
            // Done here, not at registration, so the filter logs through this host's logger factory.
            GlobalJobFilters.Filters.Remove<AutomaticRetryAttribute>();
            configuration.UseFilter(new AutomaticRetryAttribute { Attempts = 0 });
        });

        if (builder.Configuration.GetValue(JobsOptions.Section + ":" + nameof(JobsOptions.RunServer), true))
        {
            builder.Services.AddHostedService<JobServerHost>();
        }
    }

    public static void MapJobsDashboard(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<WebOptions>>().Value.Enabled)
        {
            return;
        }

        // Admins only, by policy. Authorization = [] removes Hangfire's default filter, which trusts any request that
        // looks local — behind a reverse proxy that is everyone.
        app.MapHangfireDashboardWithAuthorizationPolicy(Roles.Admin, "/admin/jobs", new DashboardOptions
        {
            Authorization = [],
            DashboardTitle = "Headshots jobs",
            AppPath = "/Admin",
        });
    }
}

/// <summary>Starts the Hangfire workers once the database schema is in place, and stops them with the host.</summary>
public sealed class JobServerHost(
    JobStorage storage,
    JobActivator activator,
    IJobFilterProvider filters,
    DatabaseState database,
    IOptions<JobsOptions> options,
    ILogger<JobServerHost> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await database.WaitUntilReadyAsync(stoppingToken);
        var jobs = options.Value;
        var name = Environment.MachineName + ":" + Environment.ProcessId;
        using var inference = new BackgroundJobServer(
            ServerOptions(name + ":inference", JobQueues.Inference, jobs.InferenceWorkers),
            storage);
        using var light = new BackgroundJobServer(
            ServerOptions(name + ":default", JobQueues.Default, jobs.DefaultWorkers),
            storage);
        logger.LogInformation("Job workers started: {Inference} on '{InferenceQueue}', {Default} on '{DefaultQueue}'",
            jobs.InferenceWorkers, JobQueues.Inference, jobs.DefaultWorkers, JobQueues.Default);

        await Task.Delay(Timeout.Infinite, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);

        inference.SendStop();
        light.SendStop();
        await Task.WhenAll(inference.WaitForShutdownAsync(CancellationToken.None), light.WaitForShutdownAsync(CancellationToken.None));
    }

    // Activator and filters come from this host's container, not Hangfire's process-wide statics.
    private BackgroundJobServerOptions ServerOptions(string name, string queue, int workers) => new()
    {
        ServerName = name,
        Queues = [queue],
        WorkerCount = workers,
        Activator = activator,
        FilterProvider = filters,
    };
}
