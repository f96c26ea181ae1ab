using System.ComponentModel.DataAnnotations;
using Headshots.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Headshots.Web.Hosting;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Npgsql connection string. Taken from <c>HEADSHOTS_DB</c> or <c>ConnectionStrings:Default</c> when not set here.</summary>
    [Required(ErrorMessage = "No database configured: set HEADSHOTS_DB or ConnectionStrings__Default (scripts/run starts a local PostgreSQL for you).")]
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending EF Core migrations at start-up. When false, a database behind the code stops the app with a clear message.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>How long to wait between attempts while PostgreSQL is unreachable at start-up.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);
}

public static class DatabaseExtensions
{
    public static void AddDatabase(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .PostConfigure<IConfiguration>((options, configuration) =>
                options.ConnectionString ??= configuration["HEADSHOTS_DB"] ?? configuration.GetConnectionString("Default"))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddDbContext<AppDbContext>((services, options) =>
            options.UseNpgsql(services.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString));

        // EF Core 9/10 logs a spurious "Failed executing DbCommand" on every fresh database while migrating
        // (efcore.pg#3407), which reads like a failure to anyone running scripts/run. A failing command still throws
        // and is logged where it is handled, so the command-level error log adds nothing.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Critical);

        builder.Services.AddDataProtection()
            .SetApplicationName("Headshots")
            .PersistKeysToDbContext<AppDbContext>();

        builder.Services.AddSingleton<DatabaseState>();
        builder.Services.AddSingleton<DatabaseMigrator>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DatabaseMigrator>());
    }
}
