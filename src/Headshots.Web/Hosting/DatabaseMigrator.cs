using System.Net.Sockets;
using Hangfire.PostgreSql;
using Headshots.Web.Data;
using Headshots.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Headshots.Web.Hosting;

/// <summary>
/// Brings the database up to date: EF Core migrations, the Hangfire schema, and the roles. Runs in the background at
/// start-up and keeps retrying while PostgreSQL is unreachable, so a database that starts late (or restarts) does not
/// take the web app down with it.
/// </summary>
public sealed class DatabaseMigrator(
    IServiceScopeFactory scopes,
    DatabaseState state,
    IOptions<DatabaseOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<DatabaseMigrator> logger) : BackgroundService
{
    public const string HangfireSchema = "hangfire";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await MigrateAsync(stoppingToken);
                return;
            }
            catch (SchemaBehindException e)
            {
                logger.LogCritical("{Problem}", e.Message);
                state.ReportProblem(e.Message);
                lifetime.StopApplication();
                return;
            }
            catch (Exception e) when (IsUnreachable(e))
            {
                var problem = $"PostgreSQL is unreachable ({e.Message}); retrying every {options.Value.RetryDelay.TotalSeconds:0} s.";
                logger.LogWarning("{Problem}", problem);
                state.ReportProblem(problem);
                await Task.Delay(options.Value.RetryDelay, stoppingToken);
            }
        }
    }

    /// <summary>Applies everything the code needs; safe to run on every start and from several instances.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await CreateDatabaseIfMissingAsync(db.Database.GetConnectionString()!, cancellationToken);

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            if (!options.Value.MigrateOnStartup)
            {
                throw new SchemaBehindException(
                    $"The database schema is behind the code ({pending.Count} pending migrations, first: {pending[0]}). " +
                    "Set Database__MigrateOnStartup=true or run `dotnet Headshots.Web.dll setup`.");
            }

            logger.LogInformation("Applying {Count} database migrations", pending.Count);
            await db.Database.MigrateAsync(cancellationToken);
        }

        await using (var connection = new NpgsqlConnection(db.Database.GetConnectionString()))
        {
            await connection.OpenAsync(cancellationToken);
            PostgreSqlObjectsInstaller.Install(connection, HangfireSchema);
        }

        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        state.MarkReady();
    }

    // EF Core would create a missing database too, but only after logging a connection error that reads like a failure.
    private static async Task CreateDatabaseIfMissingAsync(string connectionString, CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(target.Database))
        {
            return;
        }

        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", connection) { Parameters = { new() { Value = target.Database } } };
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"create database \"{target.Database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    internal static bool IsUnreachable(Exception e) => e switch
    {
        NpgsqlException { IsTransient: true } => true,
        NpgsqlException { InnerException: SocketException or TimeoutException or IOException } => true,
        PostgresException { SqlState: PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.AdminShutdown } => true,
        // EF Core, Hangfire and the job client wrap the driver's exception; look through any wrapper.
        { InnerException: { } inner } => IsUnreachable(inner),
        _ => false,
    };

    private sealed class SchemaBehindException(string message) : Exception(message);
}
